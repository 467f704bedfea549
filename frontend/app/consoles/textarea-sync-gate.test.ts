// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLOOD_WINDOW_MS } from './flood-meter';
import { TextareaSyncGate } from './textarea-sync-gate';

describe('TextareaSyncGate', () => {
  let flooding = false;
  let textarea: HTMLTextAreaElement;
  let consoleEl: HTMLElement;
  let gate: TextareaSyncGate;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    flooding = false;
    consoleEl = document.createElement('div');
    textarea = document.createElement('textarea');
    consoleEl.appendChild(textarea);
    document.body.appendChild(consoleEl);
    gate = new TextareaSyncGate(textarea, consoleEl, () => flooding);
  });
  afterEach(() => {
    gate.dispose();
    consoleEl.remove();
    vi.useRealTimers();
  });

  /** The textarea's real style: reads pass through the gate to it, only writes are held. */
  const real = () => textarea.style;

  it('passes cursor moves through while the console does not flood', () => {
    textarea.style.left = '10px';
    expect(textarea.style.left).toBe('10px');
  });

  it('holds cursor moves during a flood and makes the last one after it ends', () => {
    textarea.style.left = '10px';
    flooding = true;
    textarea.style.left = '20px';
    textarea.style.left = '30px';
    textarea.style.color = 'red';
    expect(real().left).toBe('10px');
    expect(real().color).toBe('red');
    vi.advanceTimersByTime(FLOOD_WINDOW_MS);
    expect(real().left).toBe('10px');
    flooding = false;
    vi.advanceTimersByTime(FLOOD_WINDOW_MS);
    expect(real().left).toBe('30px');
  });

  it('an IME composition releases what is held at once', () => {
    flooding = true;
    textarea.style.top = '40px';
    consoleEl.dispatchEvent(new Event('compositionstart'));
    expect(real().top).toBe('40px');
    textarea.style.top = '50px';
    expect(real().top).toBe('50px');
  });

  it('a move that passes through after the flood is not undone by the pending release', () => {
    flooding = true;
    textarea.style.left = '99px';
    flooding = false;
    textarea.style.left = '5px';
    vi.advanceTimersByTime(FLOOD_WINDOW_MS * 2);
    expect(real().left).toBe('5px');
  });

  it('dispose gives the textarea its own style back and applies what is held', () => {
    flooding = true;
    textarea.style.height = '17px';
    gate.dispose();
    expect(Object.getOwnPropertyDescriptor(textarea, 'style')).toBeUndefined();
    expect(textarea.style.height).toBe('17px');
  });
});
