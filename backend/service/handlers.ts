import { homedir } from 'node:os';
import type { MethodName, Params, Result } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { ProjectService } from '../projects/project-service.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { CallContext } from './call-context.js';
import type { EventBus } from './event-bus.js';
import { createAnalysisHandlers, type AnalysisHandlerDeps } from './analysis-handlers.js';
import { createRecoveryHandlers, type RecoveryHandlerDeps } from './recovery-handlers.js';
import { createStatusHandlers } from './status-handlers.js';
import { createOrchestratorHandlers } from './orchestrator-handlers.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { QualityService } from '../quality/quality-service.js';

/** A handler per contract method; params arrive already validated (defaults applied). */
export type Handlers = {
  [M in MethodName]: (params: Params<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>;
};

/** The services the handlers delegate to. */
export interface HandlerDeps {
  version: string;
  dataDir: string;
  projects: ProjectService;
  sessions: SessionManager;
  agents: AgentRegistry;
  bus: EventBus;
  analysis: AnalysisHandlerDeps;
  recovery: RecoveryHandlerDeps;
  orchestrator: Orchestrator;
  quality: QualityService;
}

const OK = { ok: true } as const;

/**
 * The behaviour behind every method of the contract, transport-agnostic.
 * Errors are thrown as CortexError and become error responses in the router.
 */
export function createHandlers(d: HandlerDeps): Handlers {
  return {
    'app.info': () => ({ version: d.version, dataDir: d.dataDir, platform: process.platform, homeDir: homedir() }),

    'projects.list': () => d.projects.list(),
    'projects.add': ({ path, name }) => {
      const { project, created } = d.projects.add(path, name);
      if (created) d.bus.publish('project.updated', project);
      return project;
    },
    'projects.rename': ({ id, name }) => {
      const project = d.projects.rename(id, name);
      d.bus.publish('project.updated', project);
      return project;
    },
    'projects.remove': async ({ id }) => {
      d.projects.get(id);
      await d.orchestrator.removeProjectTasks(id);
      await d.sessions.removeProjectSessions(id);
      d.projects.remove(id);
      d.bus.publish('project.removed', { projectId: id });
      return OK;
    },

    'agents.list': () => {
      d.agents.refresh();
      const agents = d.agents.list().map((a) => ({ ...a, breaker: d.recovery.breakers.view(a.id) }));
      return { agents, problems: d.agents.problems };
    },

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
        restartPolicy: restartPolicy ?? d.recovery.settings.get().defaultRestartPolicy,
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
    'sessions.attach': async ({ id, flowControl }, ctx) => {
      const conn = ctx.connection;
      conn.attachments.get(id)?.detach();
      conn.attachments.delete(id);
      const { attachment, cols, rows } = await d.sessions.attach(
        id,
        (seq, data) => conn.sendEvent({ t: 'evt', event: 'session.output', payload: { sessionId: id, seq, data } }),
        flowControl,
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
    ...createRecoveryHandlers(d.recovery),
    ...createStatusHandlers(d.sessions),
    ...createAnalysisHandlers(d.analysis),
    ...createOrchestratorHandlers(d.orchestrator),
    'quality.checks': ({ projectId }) => d.quality.plan(projectId, d.projects.get(projectId).path),
    'quality.setChecks': ({ projectId, ...patch }) => d.quality.setSettings(projectId, patch),
  };
}
