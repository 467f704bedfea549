import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, computed, effect, inject, input, viewChild } from '@angular/core';
import uPlot from 'uplot';
import { ThemeService } from '../shell/theme.service';
import { formatAxisValue, type ChartData } from './dashboard-series';

/** Height of the plotting area, px. */
const CHART_HEIGHT_PX = 160;
/** Theme colours of the lines, in order (Material system roles). */
const LINE_COLOURS = ['--mat-sys-primary', '--mat-sys-tertiary', '--mat-sys-secondary', '--mat-sys-error'];

/**
 * One time-series chart drawn by uPlot (canvas), sized to its container and redrawn when its
 * data or the theme changes. For screen readers it is an image whose name gives the title and
 * each line's newest value; the dashboard's tables carry the same figures as text.
 */
@Component({
  selector: 'cx-time-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'img', '[attr.aria-label]': 'summary()', '[attr.data-points]': 'data().x.length' },
  template: `
    <div class="title" aria-hidden="true">{{ title() }}</div>
    @if (data().x.length === 0) {
      <div class="empty" aria-hidden="true">No samples in this period yet.</div>
    }
    <div class="plot" #plot aria-hidden="true"></div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 4px; min-width: 0; padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    .title { font: var(--mat-sys-title-small); }
    .empty { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .plot { width: 100%; min-height: ${CHART_HEIGHT_PX + 40}px; }
  `,
})
export class TimeChartComponent {
  readonly title = input.required<string>();
  readonly data = input.required<ChartData>();
  /** Unit shown after values in the summary and the axis (e.g. `USD/h`, `%`). */
  readonly unit = input('');

  private readonly theme = inject(ThemeService);
  private readonly host = inject(ElementRef<HTMLElement>);
  private readonly plotEl = viewChild.required<ElementRef<HTMLDivElement>>('plot');
  private chart: uPlot | null = null;
  private chartDark: boolean | null = null;
  private chartLines = -1;

  /** For screen readers (and tests): each line's newest known value and, over several samples, its highest. */
  protected readonly summary = computed(() => {
    const d = this.data();
    const withUnit = (v: number) => `${v}${this.unit() ? ` ${this.unit()}` : ''}`;
    const parts = d.lines.map((l) => {
      const known = l.values.filter((x): x is number => x !== null);
      const latest = known.at(-1);
      const highest = known.length > 1 ? ` (highest ${withUnit(Math.max(...known))})` : '';
      return `${l.label} ${latest === undefined ? 'unknown' : withUnit(latest) + highest}`;
    });
    return `${this.title()}: ${d.x.length ? `latest ${parts.join(', ')}` : 'no samples yet'}`;
  });

  constructor() {
    let ready = false;
    // Resized in the next frame, and only when the width changed: resizing the canvas inside
    // the observer's callback would change the layout it is observing (a ResizeObserver loop).
    let frame = 0;
    const resize = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const width = this.width();
        if (this.chart && this.chart.width !== width) this.chart.setSize({ width, height: CHART_HEIGHT_PX });
      });
    });
    afterNextRender(() => {
      ready = true;
      resize.observe(this.plotEl().nativeElement);
      this.draw();
    });
    effect(() => {
      this.data();
      this.theme.isDark();
      if (ready) this.draw();
    });
    inject(DestroyRef).onDestroy(() => {
      resize.disconnect();
      cancelAnimationFrame(frame);
      this.chart?.destroy();
    });
  }

  private width(): number {
    return Math.max(200, Math.floor(this.plotEl().nativeElement.clientWidth));
  }

  private draw(): void {
    const d = this.data();
    const data: uPlot.AlignedData = [d.x, ...d.lines.map((l) => l.values)];
    const dark = this.theme.isDark();
    if (this.chart && this.chartDark === dark && this.chartLines === d.lines.length) {
      this.chart.setData(data);
      return;
    }
    this.chart?.destroy();
    const colour = (v: string) => resolveColour(this.host.nativeElement, v);
    const text = colour('--mat-sys-on-surface-variant');
    const grid = colour('--mat-sys-outline-variant');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.chart = new uPlot(
      {
        width: this.width(),
        height: CHART_HEIGHT_PX,
        scales: { x: { time: true } },
        series: [{}, ...d.lines.map((l, i) => ({ label: l.label, stroke: colour(LINE_COLOURS[i % LINE_COLOURS.length]!), width: 2, spanGaps: false }))],
        // Ticks at least 90 px apart on the time axis, so its two-line labels (time, then date) never run into each other.
        axes: [
          { ...axis, space: 90 },
          { ...axis, label: this.unit() || undefined, size: 56, values: (_u: uPlot, splits: number[]) => splits.map(formatAxisValue) },
        ],
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      this.plotEl().nativeElement,
    );
    this.chartDark = dark;
    this.chartLines = d.lines.length;
  }
}

/**
 * A theme colour as a value a canvas can draw with. Material's system colours are
 * `light-dark(…)` expressions, which a canvas does not parse: a probe element styled with the
 * variable lets the browser resolve it to `rgb(…)`.
 */
function resolveColour(host: HTMLElement, variable: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  probe.style.display = 'none';
  host.appendChild(probe);
  const rgb = getComputedStyle(probe).color;
  probe.remove();
  return rgb || '#888';
}
