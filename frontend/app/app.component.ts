import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Session } from '@contract';
import { shortcutLabel } from './console/keys';
import { NewSessionDialogComponent, type NewSessionData } from './dialogs/new-session-dialog.component';
import { ProjectDetailsDialogComponent, type ProjectDetailsData } from './project/project-details-dialog.component';
import { SettingsDialogComponent } from './settings/settings-dialog.component';
import { ErrorTextComponent } from './shared/error-text.component';
import { ConnectionBannerComponent } from './shell/connection-banner.component';
import { ConsoleAreaComponent } from './shell/console-area.component';
import { KeyboardShortcutsService } from './shell/keyboard-shortcuts.service';
import { OrphansBannerComponent } from './shell/orphans-banner.component';
import { HealthBannerComponent } from './shell/health-banner.component';
import { ProfileProblemsBannerComponent } from './shell/profile-problems-banner.component';
import { SidebarComponent } from './sidebar/sidebar.component';
import { MainViewService } from './state/main-view.service';
import { TaskStore } from './state/task.store';
import { TaskBoardComponent } from './tasks/task-board.component';
import { TaskDialogsService } from './tasks/task-dialogs.service';
import { ConsoleLayoutService } from './state/console-layout.service';
import { FocusReporterService } from './state/focus-reporter.service';
import { NotificationsService } from './state/notifications.service';
import { ThemeService } from './state/theme.service';
import { WindowTitleService } from './state/window-title.service';
import { WorkspaceStore } from './state/workspace.store';

/**
 * The window: top bar ("Consoles | Tasks" switch, new task, new session, waiting count,
 * notifications bell, settings, theme), banners, the sidebar and the main area (the
 * consoles, or the task board). Starts the services that report focus to
 * the backend, raise notifications and keep the window title counting waiting sessions.
 */
@Component({
  selector: 'cx-root',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatToolbarModule,
    MatTooltipModule,
    ConnectionBannerComponent,
    ConsoleAreaComponent,
    ErrorTextComponent,
    OrphansBannerComponent,
    HealthBannerComponent,
    ProfileProblemsBannerComponent,
    SidebarComponent,
    TaskBoardComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
})
export class AppComponent {
  protected readonly store = inject(WorkspaceStore);
  protected readonly theme = inject(ThemeService);
  protected readonly notifications = inject(NotificationsService);
  protected readonly titles = inject(WindowTitleService);
  protected readonly view = inject(MainViewService);
  private readonly taskDialogs = inject(TaskDialogsService);
  private readonly tasks = inject(TaskStore);
  private readonly layout = inject(ConsoleLayoutService);
  private readonly dialog = inject(MatDialog);
  private readonly consoleArea = viewChild(ConsoleAreaComponent);
  protected readonly newShortcut = shortcutLabel('N', true);
  protected readonly taskShortcut = shortcutLabel('T', true);
  /** Tasks running or queued, shown on the Tasks switch. */
  protected readonly activeTasks = computed(() => this.tasks.tasks().filter((t) => t.status === 'in_progress' || t.status === 'pending').length);
  protected readonly bellTooltip = computed(() => {
    if (this.notifications.permission() === 'denied') return 'Notifications are blocked by the browser';
    return this.notifications.enabled() ? 'Notifications on (click to turn off)' : 'Turn on notifications';
  });

  constructor() {
    inject(FocusReporterService);
    void this.store.load();
    inject(KeyboardShortcutsService).listen(
      {
        newSession: () => this.openNewSession(),
        newTask: () => this.openNewTask(),
        focusConsole: (i) => {
          this.view.show('consoles');
          this.layout.focusIndex(i);
        },
        findInConsole: () => {
          this.view.show('consoles');
          this.consoleArea()?.openFindInFocused();
        },
      },
      () => this.dialog.openDialogs.length > 0,
    );
  }

  /** Opens the task composer (optionally on a project); a started task shows the board. */
  protected openNewTask(projectId?: string): void {
    void this.taskDialogs.compose(projectId);
  }

  /** Opens the Settings dialog. */
  protected openSettings(): void {
    this.dialog.open(SettingsDialogComponent, { autoFocus: 'dialog' });
  }

  /** Opens a project's page: its analysis and the cache stats. */
  protected openProjectDetails(projectId: string): void {
    this.dialog.open<ProjectDetailsDialogComponent, ProjectDetailsData>(ProjectDetailsDialogComponent, { data: { projectId }, autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** Opens the New session dialog; a started session gets a console and the focus. */
  protected openNewSession(projectId?: string): void {
    void this.store.refreshAgents().catch(() => undefined);
    const ref = this.dialog.open<NewSessionDialogComponent, NewSessionData, Session>(NewSessionDialogComponent, {
      data: projectId === undefined ? {} : { projectId },
      autoFocus: 'first-tabbable',
      restoreFocus: false,
    });
    ref.afterClosed().subscribe((session) => {
      if (!session) return;
      this.view.show('consoles');
      this.layout.show(session.id);
    });
  }
}
