import { describe, expect, it } from 'vitest';
import { LoadLog } from './load-log';

describe('LoadLog', () => {
  it('applies again only the events received after the answer of a list they change, in order', () => {
    const log = new LoadLog<'projects' | 'sessions'>();
    const applied: string[] = [];
    const event = (name: string, lists: ('projects' | 'sessions')[]) => log.record(lists, () => applied.push(name));
    event('session a (before both answers)', ['sessions']);
    log.answered('sessions');
    event('session b (after the sessions answer)', ['sessions']);
    event('project p (before the projects answer)', ['projects']);
    log.answered('projects');
    event('project q (after both)', ['projects']);
    event('project r removed (changes both)', ['projects', 'sessions']);
    log.replay();
    expect(applied).toEqual(['session b (after the sessions answer)', 'project q (after both)', 'project r removed (changes both)']);
  });

  it('an event changing two lists is applied again when it is newer than either answer', () => {
    const log = new LoadLog<'projects' | 'sessions'>();
    const applied: string[] = [];
    log.answered('sessions');
    log.record(['projects', 'sessions'], () => applied.push('removed'));
    log.answered('projects');
    log.replay();
    expect(applied).toEqual(['removed']);
  });
});
