import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { AgentInfo, Session } from '@contract';
import { breakerText } from './breaker-indicator.component';
import { ErrorTextComponent } from '../shared/error-text.component';
import { AGENT_ERROR_CODES, FOLDER_ERROR_CODES, toUserError, type UserError } from '../shared/user-error';
import { WorkspaceStore } from './workspace.store';
import { BreakerListComponent } from './breaker-list.component';

/** What the dialog starts from: a project to preselect. */
export interface NewSessionData {
  projectId?: string;
}

/** Value of the project select that means "type a folder path instead". */
export const FOLDER_CHOICE = '__folder__';
/** The agent preselected when it is installed. */
const DEFAULT_AGENT = 'shell';

/**
 * The New session dialog: a project (existing, or a folder path to add), an agent
 * (installed first; missing ones disabled with their install command; an open circuit
 * breaker disables its agent until its retry time, with a Reset button) and an optional
 * first prompt. Errors stay in the dialog next to the field they are about.
 * Closes with the started Session.
 */
@Component({
  selector: 'cx-new-session-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, BreakerListComponent, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './new-session-dialog.component.html',
  styleUrl: './new-session-dialog.component.scss',
})
export class NewSessionDialogComponent {
  private readonly store = inject(WorkspaceStore);
  private readonly ref = inject(MatDialogRef<NewSessionDialogComponent, Session>);
  private readonly data = inject<NewSessionData | null>(MAT_DIALOG_DATA, { optional: true });

  protected readonly FOLDER_CHOICE = FOLDER_CHOICE;
  protected readonly projects = this.store.projects;
  protected readonly agents = this.store.agents;

  protected readonly projectChoice = signal<string>(this.initialProject());
  protected readonly folderPath = signal('');
  protected readonly agentId = signal<string>(this.initialAgent());
  protected readonly prompt = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);
  protected readonly resetting = signal<string | null>(null);
  protected readonly breakerText = (a: AgentInfo): string => breakerText(a.breaker);
  /** Installed agents whose breaker is open or half-open. */
  protected readonly trippedAgents = computed(() => this.agents().filter((a) => a.installed && a.breaker.state !== 'closed'));

  protected readonly folderMode = computed(() => this.projectChoice() === FOLDER_CHOICE);
  protected readonly selectedProjectName = computed(() => this.store.projectById().get(this.projectChoice())?.name ?? '');
  protected readonly selectedAgent = computed(() => this.store.agentById().get(this.agentId()));
  protected readonly folderError = computed(() => this.errorFor(FOLDER_ERROR_CODES));
  protected readonly agentError = computed(() => this.errorFor(AGENT_ERROR_CODES));
  protected readonly otherError = computed(() => {
    const e = this.error();
    return e && !this.folderError() && !this.agentError() ? e : null;
  });
  protected readonly canStart = computed(
    () => !this.busy() && isAvailable(this.selectedAgent()) && (this.folderMode() ? this.folderPath().trim() !== '' : this.projectChoice() !== ''),
  );

  protected available(a: AgentInfo): boolean {
    return isAvailable(a);
  }

  /** Closes an agent's breaker by hand; errors show in the dialog. */
  protected async resetBreaker(agent: string): Promise<void> {
    this.resetting.set(agent);
    this.error.set(null);
    try {
      await this.store.resetBreaker(agent);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.resetting.set(null);
    }
  }

  protected setProject(value: string): void {
    this.projectChoice.set(value);
    this.error.set(null);
  }

  protected setFolder(value: string): void {
    this.folderPath.set(value);
    this.error.set(null);
  }

  protected setAgent(value: string): void {
    this.agentId.set(value);
    this.error.set(null);
  }


  protected async start(): Promise<void> {
    if (!this.canStart()) return;
    this.busy.set(true);
    this.error.set(null);
    const prompt = this.prompt().trim() ? this.prompt() : undefined;
    try {
      const target = this.folderMode() ? { path: this.folderPath().trim() } : { projectId: this.projectChoice() };
      const session = await this.store.startSession({ ...target, agent: this.agentId(), ...(prompt !== undefined ? { prompt } : {}) });
      this.ref.close(session);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }

  private errorFor(codes: ReadonlySet<string>): UserError | null {
    const e = this.error();
    if (!e || e.code === null || !codes.has(e.code)) return null;
    if (e.code === 'INVALID_REQUEST' && !this.folderMode()) return null;
    return e;
  }

  private initialProject(): string {
    const wanted = this.data?.projectId;
    const projects = this.store.projects();
    if (wanted && projects.some((p) => p.id === wanted)) return wanted;
    return projects.at(-1)?.id ?? FOLDER_CHOICE;
  }

  private initialAgent(): string {
    const agents = this.store.agents();
    const shell = agents.find((a) => a.id === DEFAULT_AGENT && isAvailable(a));
    return shell?.id ?? agents.find(isAvailable)?.id ?? DEFAULT_AGENT;
  }
}

/** Installed, and its circuit breaker does not refuse starts. */
function isAvailable(a: AgentInfo | undefined): boolean {
  return a !== undefined && a.installed && a.breaker.state !== 'open';
}
