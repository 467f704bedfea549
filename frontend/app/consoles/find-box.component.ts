import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';

/** What the find box asks its terminal to do. */
export interface FindRequest {
  text: string;
  direction: 'next' | 'previous';
  /** Match upper and lower case exactly. */
  caseSensitive: boolean;
  /** The text is a JavaScript regular expression. */
  regex: boolean;
}

/** What the terminal found: the active match (1-based, 0 when none is active) of `count`. */
export interface FindResults {
  index: number;
  count: number;
}

/**
 * The small find box of a console (Ctrl/Cmd+Shift+F). Enter finds the next match,
 * Shift+Enter the previous one, Escape closes. "Aa" matches case, ".*" reads the text as a
 * regular expression. The parent reports the results ("3 of 12", "No match") or a bad
 * regular expression.
 */
@Component({
  selector: 'cx-find-box',
  imports: [MatButtonModule, MatIconModule, DeferredTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'find-box', class: 'mat-elevation-z3' },
  template: `
    <mat-icon class="lead" aria-hidden="true">search</mat-icon>
    <input
      #field
      data-testid="find-input"
      aria-label="Find in terminal"
      placeholder="Find"
      [value]="text()"
      (input)="onInput($any($event.target).value)"
      (keydown)="onKey($event)"
    />
    <span class="count" data-testid="find-count" role="status">
      @if (invalid(); as why) {
        <span class="none" data-testid="find-invalid">{{ why }}</span>
      } @else if (notFound()) {
        <span class="none" data-testid="find-none">No match</span>
      } @else if (results(); as r) {
        {{ r.index > 0 ? r.index + ' of ' + r.count : r.count + ' matches' }}
      }
    </span>
    <button
      type="button"
      class="opt"
      data-testid="find-case"
      [attr.aria-pressed]="caseSensitive()"
      matTooltip="Match case"
      aria-label="Match case"
      (click)="caseSensitive.set(!caseSensitive()); emit('next')"
    >Aa</button>
    <button
      type="button"
      class="opt"
      data-testid="find-regex"
      [attr.aria-pressed]="regex()"
      matTooltip="Regular expression"
      aria-label="Regular expression"
      (click)="regex.set(!regex()); emit('next')"
    >.*</button>
    <button mat-icon-button matTooltip="Previous (Shift+Enter)" aria-label="Previous match" (click)="emit('previous')"><mat-icon>keyboard_arrow_up</mat-icon></button>
    <button mat-icon-button matTooltip="Next (Enter)" aria-label="Next match" (click)="emit('next')"><mat-icon>keyboard_arrow_down</mat-icon></button>
    <button mat-icon-button matTooltip="Close (Esc)" aria-label="Close find" (click)="closed.emit()"><mat-icon>close</mat-icon></button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 2px;
      padding: 2px 4px 2px 10px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      --mat-icon-button-state-layer-size: 30px;
      --mdc-icon-button-state-layer-size: 30px;
    }
    button { padding: 3px; width: 30px; height: 30px; }
    button mat-icon, .lead { font-size: 18px; width: 18px; height: 18px; }
    input {
      width: 180px;
      border: none;
      outline: none;
      background: transparent;
      color: inherit;
      font: var(--mat-sys-body-medium);
      padding: 4px 6px;
    }
    .count { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); margin: 0 4px; white-space: nowrap; min-width: 56px; text-align: right; }
    .none { color: var(--mat-sys-error); }
    .opt {
      width: 30px; height: 26px; padding: 0; border-radius: 6px; cursor: pointer;
      border: 1px solid transparent; background: transparent; color: var(--mat-sys-on-surface-variant);
      font: 600 12px/1 'JetBrains Mono', monospace;
    }
    .opt[aria-pressed='true'] { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); border-color: var(--mat-sys-primary); }
  `,
})
export class FindBoxComponent {
  readonly find = output<FindRequest>();
  readonly closed = output<void>();
  protected readonly text = signal('');
  /** Set by the parent after each search. */
  readonly notFound = signal(false);
  /** Set by the parent: the match position and count, when known. */
  readonly results = signal<FindResults | null>(null);
  /** Set by the parent: why the text is not a valid regular expression. */
  readonly invalid = signal<string | null>(null);
  protected readonly caseSensitive = signal(false);
  protected readonly regex = signal(false);
  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('field');

  constructor() {
    afterNextRender(() => this.focusField());
  }

  /** Focuses and selects the search text. */
  focusField(): void {
    this.field().nativeElement.focus();
    this.field().nativeElement.select();
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.emit('next');
  }

  protected onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      this.emit(e.shiftKey ? 'previous' : 'next');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.closed.emit();
    }
  }

  protected emit(direction: FindRequest['direction']): void {
    this.find.emit({ text: this.text(), direction, caseSensitive: this.caseSensitive(), regex: this.regex() });
  }
}
