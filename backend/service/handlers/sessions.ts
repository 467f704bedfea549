import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/**
 * Handlers of the sessions namespace. Attachments belong to the calling connection: a
 * detach, a remove or a new attach of the same session drops that connection's old one.
 */
export function createSessionHandlers(d: Pick<HandlerDeps, 'projects' | 'sessions' | 'settings' | 'bus'>): NamespaceHandlers<'sessions.'> {
  return {
    'sessions.list': ({ projectId }) => d.sessions.list(projectId),
    'sessions.get': ({ id }) => d.sessions.get(id),
    'sessions.start': ({ projectId, path, agent, prompt, cols, rows, restartPolicy }) => {
      let project;
      if (projectId !== undefined) project = d.projects.get(projectId);
      else {
        const added = d.projects.add(path!);
        project = added.project;
        if (added.created) d.bus.publish('project.updated', project);
      }
      return d.sessions.start({
        project,
        agent,
        ...(prompt !== undefined ? { prompt } : {}),
        cols,
        rows,
        restartPolicy: restartPolicy ?? d.settings.get().defaultRestartPolicy,
      });
    },
    'sessions.write': ({ id, data }) => {
      d.sessions.write(id, data);
      return OK;
    },
    'sessions.resize': ({ id, cols, rows }) => {
      d.sessions.resize(id, cols, rows);
      return OK;
    },
    'sessions.kill': async ({ id }) => {
      await d.sessions.kill(id);
      return OK;
    },
    'sessions.remove': async ({ id }, ctx) => {
      ctx.connection.attachments.get(id)?.detach();
      ctx.connection.attachments.delete(id);
      await d.sessions.remove(id);
      return OK;
    },
    'sessions.attach': async ({ id, flowControl, scrollbackLines }, ctx) => {
      const conn = ctx.connection;
      conn.attachments.get(id)?.detach();
      conn.attachments.delete(id);
      const { attachment, cols, rows } = await d.sessions.attach(
        id,
        (seq, data) => conn.sendEvent({ t: 'evt', event: 'session.output', payload: { sessionId: id, seq, data } }),
        flowControl,
        scrollbackLines,
      );
      if (!attachment) return { snapshot: '', seq: 0, cols, rows };
      conn.attachments.set(id, attachment);
      ctx.afterResponse(() => attachment.start());
      return { snapshot: attachment.snapshot, seq: attachment.seq, cols, rows };
    },
    'sessions.detach': ({ id }, ctx) => {
      ctx.connection.attachments.get(id)?.detach();
      ctx.connection.attachments.delete(id);
      return OK;
    },
    'sessions.ack': ({ id, chars }, ctx) => {
      ctx.connection.attachments.get(id)?.ack(chars);
      return OK;
    },
    'sessions.screen': ({ id }) => d.sessions.screen(id),
    'sessions.relaunch': ({ id, fresh }) => d.sessions.relaunch(id, fresh),
    'sessions.setRestartPolicy': ({ id, policy }) => d.sessions.setRestartPolicy(id, policy),
    'sessions.rename': ({ id, name }) => d.sessions.rename(id, name),
    'sessions.markSeen': ({ id }) => d.sessions.markSeen(id),
    'sessions.focus': ({ id }) => {
      if (id !== null) d.sessions.get(id);
      d.sessions.focus(id);
      return OK;
    },
  };
}
