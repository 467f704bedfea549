import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

/** What the find box asks its terminal to do. */
export interface FindRequest {
  text: string;
  direction: 'next' | 'previous';
}

/**
 * The small find box of a console (Ctrl/Cmd+Shift+F). Enter finds the next match,
 * Shift+Enter the previous one, Escape closes. The parent reports whether a match was found.
 */
@Component({
  selector: 'cx-find-box',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
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
    @if (notFound()) {
      <span class="none" data-testid="find-none">No match</span>
    }
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
    .none { font: var(--mat-sys-label-small); color: var(--mat-sys-error); margin-right: 4px; white-space: nowrap; }
  `,
})
export class FindBoxComponent {
  readonly find = output<FindRequest>();
  readonly closed = output<void>();
  protected readonly text = signal('');
  /** Set by the parent after each search. */
  readonly notFound = signal(false);
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
    this.find.emit({ text: this.text(), direction });
  }
}
