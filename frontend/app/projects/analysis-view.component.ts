import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { ProjectAnalysis } from '@contract';
import { formatBytes, LanguageBarsComponent } from './language-bars.component';

/**
 * A project's context analysis: stack (languages, project types, frameworks), test
 * command(s), dependencies (count, expandable list) and size (files, depth, complexity).
 */
@Component({
  selector: 'cx-analysis-view',
  imports: [MatIconModule, LanguageBarsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'analysis-view' },
  templateUrl: './analysis-view.component.html',
  styleUrl: './analysis-view.component.scss',
})
export class AnalysisViewComponent {
  readonly analysis = input.required<ProjectAnalysis>();
  protected readonly bytes = formatBytes;
  protected readonly complexityPct = computed(() => Math.round(this.analysis().complexity * 100));
  protected readonly complexityWord = computed(() => {
    const c = this.analysis().complexity;
    return c < 0.25 ? 'small' : c < 0.5 ? 'moderate' : c < 0.75 ? 'large' : 'very large';
  });
  protected readonly runtimeDeps = computed(() => this.analysis().dependencies.filter((d) => d.scope === 'runtime').length);
  protected readonly devDeps = computed(() => this.analysis().dependencies.filter((d) => d.scope === 'dev').length);
  /** Test commands other than the root's. */
  protected readonly otherTests = computed(() => this.analysis().testCommands.filter((t) => t.cwd !== '' || t.command !== this.analysis().testCommand));
}
