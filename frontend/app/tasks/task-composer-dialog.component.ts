import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Subject, catchError, debounceTime, from, map, of, switchMap } from 'rxjs';
import { type Result, type Task, type TaskIntent } from '@contract';
import { ErrorTextComponent } from '../shared/error-text.component';
import { UnsentInputService } from '../shell/unsent-input.service';
import { startBlocker } from './task-start-blocker';
import { intentChoices } from './intent-choices';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore } from './task.store';
import { WorkspaceStore } from '../sessions/workspace.store';
import { AgentRankingComponent } from './agent-ranking.component';
import { TaskAnalysisComponent } from './task-analysis.component';

/** What the composer opens on: a project to preselect. */
export interface TaskComposerData {
  projectId?: string;
}

/** Quiet time after the last keystroke before the text is analysed, ms. */
export const ANALYZE_DEBOUNCE_MS = 300;

type Analysis = Result<'tasks.analyze'>;

/** One analysis request and what came back. */
interface AnalysisAnswer {
  key: string;
  analysis: Analysis | null;
  error: UserError | null;
}

/** Identifies what an analysis was made for (project, text and the intent picked, if any). */
function analysisKey(projectId: string, text: string, intent: TaskIntent | null): string {
  return `${projectId}\u0000${text.trim()}\u0000${intent ?? ''}`;
}


/**
 * The task composer: pick a project, describe the task in plain words; as the user types
 * (debounced) the text is analysed (`tasks.analyze`) and shows its intent, domain,
 * complexity and entities, and the ranked agents with their scores and reasons, the
 * recommended one preselected. When the intent is unsure the two best readings are offered
 * and the person picks (the analysis is redone with the pick). A folder that is not a git repository needs an explicit
 * confirmation to run in place. When no agent may take the task, every agent is still ranked
 * on its profile (marked "not installed") and a guide lists each one's install command and
 * how to sign in, with Check again to re-read them; a line by the buttons says why Start is
 * disabled (its accessible description). Start creates the task; closes with it.
 */
@Component({
  selector: 'cx-task-composer-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    AgentRankingComponent,
    ErrorTextComponent,
    TaskAnalysisComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-composer' },
  templateUrl: './task-composer-dialog.component.html',
  styleUrl: './task-composer-dialog.component.scss',
})
export class TaskComposerDialogComponent {
  private readonly workspace = inject(WorkspaceStore);
  private readonly tasks = inject(TaskStore);
  private readonly ref = inject(MatDialogRef<TaskComposerDialogComponent, Task>);
  private readonly data = inject<TaskComposerData | null>(MAT_DIALOG_DATA, { optional: true });
  private readonly requests = new Subject<{ projectId: string; text: string; intent: TaskIntent | null }>();

  protected readonly projects = this.workspace.projects;
  protected readonly projectId = signal<string>(this.initialProject());
  protected readonly text = signal('');
  protected readonly confirmInPlace = signal(false);
  /** The intent the person picked over the parser's unsure reading; null: the reading. */
  protected readonly chosenIntent = signal<TaskIntent | null>(null);
  /** The agent the user picked over the recommendation; null: follow the recommendation. */
  protected readonly chosenAgent = signal<string | null>(null);
  protected readonly answer = signal<AnalysisAnswer | null>(null);
  protected readonly busy = signal(false);
  protected readonly startError = signal<UserError | null>(null);

  protected readonly currentKey = computed(() => analysisKey(this.projectId(), this.text(), this.chosenIntent()));
  protected readonly analysis = computed(() => this.answer()?.analysis ?? null);
  protected readonly analysisError = computed(() => this.answer()?.error ?? null);
  /** The last analysis is for another text or project: a new one is on its way. */
  protected readonly analyzing = computed(() => this.text().trim() !== '' && this.projectId() !== '' && this.answer()?.key !== this.currentKey());
  protected readonly selectedProject = computed(() => this.workspace.projectById().get(this.projectId()) ?? null);
  protected readonly selectedAgent = computed(() => {
    const a = this.analysis();
    if (!a) return null;
    const chosen = this.chosenAgent();
    if (chosen !== null && a.ranking.some((r) => r.agent === chosen && r.eligible)) return chosen;
    return a.recommended;
  });
  protected readonly selectedAgentName = computed(() => this.analysis()?.ranking.find((r) => r.agent === this.selectedAgent())?.name ?? null);
  protected readonly intentChoices = computed(() => {
    const a = this.analysis();
    return a ? intentChoices(a.parse, this.chosenIntent()) : null;
  });
  protected readonly needsConfirm = computed(() => this.analysis()?.git === false);
  /** The analysis found no agent that may take the task (none installed, or all unavailable). */
  protected readonly noAgent = computed(() => {
    const a = this.analysis();
    return a !== null && !a.ranking.some((r) => r.eligible);
  });
  /** Agent profiles not installed, with how to install them and sign in (the shell is not a coding agent). */
  protected readonly installable = computed(() => this.workspace.agents().filter((ag) => !ag.installed && ag.id !== 'shell'));
  /** Coding agents (all profiles but the shell) whose command is installed. */
  protected readonly installedAgents = computed(() => this.workspace.agents().filter((ag) => ag.installed && ag.id !== 'shell').length);
  /** The install and sign-in guide shows: no coding agent is installed, or none may take this task. */
  protected readonly showGuide = computed(() => this.installedAgents() === 0 || this.noAgent());
  /** "Check again" is re-reading the agents and the task. */
  protected readonly checking = signal(false);
  /** Why "Start task" is disabled, or null. */
  protected readonly blocker = computed(() =>
    startBlocker({
      hasProject: this.projectId() !== '',
      text: this.text(),
      analyzing: this.analyzing(),
      analysisFailed: this.analysisError() !== null,
      analyzed: this.analysis() !== null,
      eligibleAgents: this.analysis()?.ranking.filter((r) => r.eligible).length ?? 0,
      installedAgents: this.installedAgents(),
      needsConfirm: this.needsConfirm() && !this.confirmInPlace(),
      busy: this.busy(),
    }),
  );
  protected readonly canStart = computed(
    () => !this.busy() && !this.analyzing() && this.analysis() !== null && this.selectedAgent() !== null && (!this.needsConfirm() || this.confirmInPlace()),
  );

  constructor() {
    // Closing the window with a task half written asks first.
    inject(DestroyRef).onDestroy(inject(UnsentInputService).register(() => this.text().trim() !== ''));
    this.requests
      .pipe(
        debounceTime(ANALYZE_DEBOUNCE_MS),
        switchMap(({ projectId, text, intent }) =>
          from(this.tasks.analyze(projectId, text, intent ?? undefined)).pipe(
            map((analysis): AnalysisAnswer => ({ key: analysisKey(projectId, text, intent), analysis, error: null })),
            catchError((err: unknown) => of<AnalysisAnswer>({ key: analysisKey(projectId, text, intent), analysis: null, error: toUserError(err) })),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((a) => this.answer.set(a));
  }

  protected setProject(id: string): void {
    this.projectId.set(id);
    this.confirmInPlace.set(false);
    this.chosenAgent.set(null);
    this.startError.set(null);
    this.requestAnalysis();
  }

  protected setText(value: string): void {
    this.text.set(value);
    this.chosenIntent.set(null);
    this.startError.set(null);
    this.requestAnalysis();
  }

  /** The person picks one of the offered readings; the analysis (and ranking) is redone with it. */
  protected pickIntent(intent: TaskIntent): void {
    this.chosenIntent.set(intent);
    this.chosenAgent.set(null);
    this.requestAnalysis();
  }

  protected choose(agent: string): void {
    this.chosenAgent.set(agent === this.analysis()?.recommended ? null : agent);
  }


  protected async start(): Promise<void> {
    if (!this.canStart()) return;
    this.busy.set(true);
    this.startError.set(null);
    const agent = this.chosenAgent();
    const intent = this.chosenIntent();
    try {
      const task = await this.tasks.create({
        projectId: this.projectId(),
        text: this.text().trim(),
        ...(agent !== null && agent === this.selectedAgent() ? { agent } : {}),
        ...(intent !== null ? { intent } : {}),
        ...(this.needsConfirm() ? { confirmInPlace: this.confirmInPlace() } : {}),
      });
      this.ref.close(task);
    } catch (err) {
      this.startError.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }

  /**
   * After installing an agent: re-reads the agent profiles (PATH and profiles.json are
   * checked again) and analyses the task again, so it can start without reopening the dialog.
   */
  protected async checkAgain(): Promise<void> {
    this.checking.set(true);
    try {
      await this.workspace.refreshAgents();
    } catch {
      // The analysis below reports a lost connection in the dialog.
    } finally {
      this.checking.set(false);
    }
    this.requestAnalysis();
  }

  private requestAnalysis(): void {
    const text = this.text().trim();
    if (text === '' || this.projectId() === '') {
      this.answer.set(null);
      return;
    }
    this.requests.next({ projectId: this.projectId(), text, intent: this.chosenIntent() });
  }

  private initialProject(): string {
    const wanted = this.data?.projectId;
    const projects = this.workspace.projects();
    if (wanted && projects.some((p) => p.id === wanted)) return wanted;
    return projects.at(-1)?.id ?? '';
  }
}
