import { Directive, type OnDestroy } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';

/**
 * Material's tooltip (same selector, inputs and delays), whose overlay is made only once the
 * show delay has passed. MatTooltip builds and attaches its overlay — a component, its
 * portal, a position strategy and a style recalculation, ~25 ms of the page's main thread in
 * a trace of the first console on a loaded machine — as soon as the pointer enters, and then
 * waits out the delay to show it; a pointer crossing a session row on its way to a click
 * paid for a tooltip it never saw. Here the wait comes first: leaving before the delay ends
 * (or the directive being destroyed) costs nothing. Components import this instead of
 * MatTooltipModule.
 */
@Directive({ selector: '[matTooltip]', exportAs: 'matTooltip' })
export class DeferredTooltip extends MatTooltip implements OnDestroy {
  private pendingShow: ReturnType<typeof setTimeout> | null = null;
  /**
   * Called just before the tooltip shows (once its delay has passed): a host that keeps a
   * message that changes seldom while the tooltip is hidden sets the full one here.
   */
  beforeShow: (() => void) | null = null;

  /**
   * Shows the tooltip after `delay` ms (default: its show delay): the overlay is built then.
   * @param origin the pointer position to place it at (Material's own parameter)
   */
  override show(delay: number = this.showDelay, origin?: { x: number; y: number }): void {
    this.cancelPendingShow();
    if (delay <= 0) {
      this.beforeShow?.();
      super.show(0, origin);
      return;
    }
    this.pendingShow = setTimeout(() => {
      this.pendingShow = null;
      this.beforeShow?.();
      super.show(0, origin);
    }, delay);
  }

  /** Hides the tooltip after `delay` ms; a show still waiting is called off at once. */
  override hide(delay: number = this.hideDelay): void {
    this.cancelPendingShow();
    super.hide(delay);
  }

  /** True while a show waits out its delay (the overlay is not made yet). */
  get showPending(): boolean {
    return this.pendingShow !== null;
  }

  override ngOnDestroy(): void {
    this.cancelPendingShow();
    super.ngOnDestroy();
  }

  private cancelPendingShow(): void {
    if (this.pendingShow === null) return;
    clearTimeout(this.pendingShow);
    this.pendingShow = null;
  }
}
