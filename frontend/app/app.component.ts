import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { DeferredTooltip } from './shared/deferred-tooltip.directive';
import type { Session } from '@contract';
import type { NewSessionData } from './sessions/new-session-dialog.component';
import type { ProjectDetailsData } from './projects/project-details-dialog.component';
import { ErrorTextComponent } from './shared/error-text.component';
import { ConnectionBannerComponent } from './shell/connection-banner.component';
import { ConsoleAreaComponent } from './consoles/console-area.component';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { firstValueFrom } from 'rxjs';
import { CommandService } from './shell/command.service';
import type { CommandId } from './shell/commands';
import { focusFirstIn, nextRegionIndex, regionIndexOf, visibleRegions } from './shell/regions';
import { OrphansBannerComponent } from './shell/orphans-banner.component';
import { HealthBannerComponent } from './shell/health-banner.component';
import { LoadFailureBannerComponent } from './shell/load-failure-banner.component';
import { ProfileProblemsBannerComponent } from './shell/profile-problems-banner.component';
import { SidebarComponent } from './sessions/sidebar.component';
import { MainViewService } from './shell/main-view.service';
import { TaskStore } from './tasks/task.store';
// Used only inside @defer blocks: the compiler makes each a lazy chunk.
import { TaskBoardComponent } from './tasks/task-board.component';
import { DashboardViewComponent } from './dashboard/dashboard-view.component';
import { TaskDialogsService } from './tasks/task-dialogs.service';
import { ConsoleLayoutService } from './consoles/console-layout.service';
import type { ReplaceConsoleData } from './consoles/replace-console-dialog.component';
import { DialogsService } from './shared/dialogs.service';
import { LazyDialogService } from './shared/lazy-dialog.service';
import { UnsentInputService } from './shell/unsent-input.service';
import { FocusReporterService } from './sessions/focus-reporter.service';
import { NotificationsService } from './shell/notifications.service';
import { StateAnnouncerService } from './shell/state-announcer.service';
import { ThemeService } from './shell/theme.service';
import { WindowTitleService } from './shell/window-title.service';
import { WorkspaceStore } from './sessions/workspace.store';

/** The chunks of the dialogs and views the first screen does not show, loaded on first use. */
const loadPalette = () => import('./shell/command-palette.component').then((m) => m.CommandPaletteComponent);
const loadShortcutsHelp = () => import('./shell/shortcuts-help.component').then((m) => m.ShortcutsHelpComponent);
const loadSettings = () => import('./settings/settings-dialog.component').then((m) => m.SettingsDialogComponent);
const loadProjectDetails = () => import('./projects/project-details-dialog.component').then((m) => m.ProjectDetailsDialogComponent);
const loadNewSession = () => import('./sessions/new-session-dialog.component').then((m) => m.NewSessionDialogComponent);
const loadReplaceConsole = () => import('./consoles/replace-console-dialog.component').then((m) => m.ReplaceConsoleDialogComponent);
const loadTaskBoard = () => import('./tasks/task-board.component');
const loadDashboard = () => import('./dashboard/dashboard-view.component');

/** Wait this long after the page's load event before prefetching the lazy chunks while idle, ms. */
export const PREFETCH_AFTER_LOAD_MS = 3_000;

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
    DeferredTooltip,
    ConnectionBannerComponent,
    ConsoleAreaComponent,
    ErrorTextComponent,
    OrphansBannerComponent,
    HealthBannerComponent,
    LoadFailureBannerComponent,
    ProfileProblemsBannerComponent,
    SidebarComponent,
    TaskBoardComponent,
    DashboardViewComponent,
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
  protected readonly layout = inject(ConsoleLayoutService);
  private readonly dialog = inject(MatDialog);
  private readonly lazyDialog = inject(LazyDialogService);
  private readonly consoleArea = viewChild(ConsoleAreaComponent);
  protected readonly commands = inject(CommandService);
  private readonly checker = inject(InteractivityChecker);
  protected readonly newShortcut = this.commands.shortcut('session.new');
  protected readonly taskShortcut = this.commands.shortcut('task.new');
  protected readonly paletteShortcut = this.commands.shortcut('palette.open');
  protected readonly sidebarShortcut = this.commands.shortcut('sidebar.toggle');
  protected readonly sidebarToggleLabel = computed(
    () => `${this.layout.sidebarCollapsed() ? 'Expand' : 'Collapse'} the sidebar${this.sidebarShortcut ? ` (${this.sidebarShortcut})` : ''}`,
  );
  /** Tasks running or queued, shown on the Tasks switch. */
  protected readonly activeTasks = computed(() => this.tasks.tasks().filter((t) => t.status === 'in_progress' || t.status === 'pending').length);
  protected readonly bellTooltip = computed(() => {
    if (this.notifications.permission() === 'denied') return 'Notifications are blocked by the browser';
    return this.notifications.enabled() ? 'Notifications on (click to turn off)' : 'Turn on notifications';
  });

  constructor() {
    inject(FocusReporterService);
    inject(StateAnnouncerService);
    inject(UnsentInputService);
    this.layout.setReplaceChooser((incoming, shown) => this.chooseConsoleToReplace(incoming, shown));
    void this.store.load();
    const consoles = (run: () => void) => () => {
      this.view.show('consoles');
      run();
    };
    const terminal = (id: CommandId) => consoles(() => this.consoleArea()?.runTerminalCommand(id));
    this.commands.blockWhile(() => this.dialog.openDialogs.length > 0 || this.lazyDialog.loading() > 0);
    this.prefetchAfterLoad();
    this.commands.registerAll({
      'palette.open': () => void this.openPalette(),
      'help.shortcuts': () => this.openShortcutsHelp(),
      'session.new': () => void this.openNewSession(),
      'task.new': () => this.openNewTask(),
      'settings.open': () => this.openSettings(),
      'view.consoles': () => this.view.show('consoles'),
      'view.tasks': () => this.view.show('tasks'),
      'view.dashboard': () => this.view.show('dashboard'),
      'theme.toggle': () => this.theme.toggle(),
      'notifications.toggle': () => this.notifications.toggle(),
      'focus.nextRegion': () => this.cycleRegion(1),
      'focus.previousRegion': () => this.cycleRegion(-1),
      // Deferred so a console the view switch just showed is laid out; a focus the user moved
      // meanwhile (Ctrl+Shift+F opening the find box right after) is never taken back.
      'focus.terminal': consoles(() => {
        const before = document.activeElement;
        setTimeout(() => {
          const now = document.activeElement;
          const moved = now !== before && now !== null && now !== document.body && before?.isConnected === true;
          if (!moved) this.consoleArea()?.focusTerminal();
        });
      }),
      'focus.sidebar': () => this.focusRegion('sidebar'),
      'focus.topBar': () => this.focusRegion('top-bar'),
      'sidebar.toggle': () => this.layout.toggleSidebar(),
      'console.equalWidths': consoles(() => this.layout.resetSizes()),
      'console.focus1': consoles(() => this.layout.focusIndex(0)),
      'console.focus2': consoles(() => this.layout.focusIndex(1)),
      'console.focus3': consoles(() => this.layout.focusIndex(2)),
      'console.maximize': consoles(() => {
        const id = this.layout.focused();
        if (id) this.layout.toggleMaximize(id);
      }),
      'console.close': consoles(() => {
        const id = this.layout.focused();
        if (id) this.layout.hide(id);
      }),
      'terminal.find': consoles(() => this.consoleArea()?.openFindInFocused()),
      'terminal.copy': terminal('terminal.copy'),
      'terminal.paste': terminal('terminal.paste'),
      'terminal.selectAll': terminal('terminal.selectAll'),
      'terminal.clear': terminal('terminal.clear'),
    });
  }

  /**
   * Once the page has loaded and settled, fetches the chunks of every dialog and view while
   * the page is idle, so that their first opening is as quick as a later one.
   */
  private prefetchAfterLoad(): void {
    const chunks = [
      loadPalette,
      loadNewSession,
      loadSettings,
      loadShortcutsHelp,
      loadReplaceConsole,
      loadProjectDetails,
      loadTaskBoard,
      loadDashboard,
      ...DialogsService.chunks,
      ...TaskDialogsService.chunks,
    ];
    const start = () => setTimeout(() => this.lazyDialog.prefetch(chunks), PREFETCH_AFTER_LOAD_MS);
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start, { once: true });
  }

  /** Opens the command palette; the chosen command runs once the focus is back where it was. */
  protected async openPalette(): Promise<void> {
    const ref = await this.lazyDialog.open<unknown, void, CommandId>(loadPalette, 'The command palette', {
      id: 'command-palette',
      autoFocus: 'first-tabbable',
      position: { top: '12vh' },
      ariaLabel: 'Command palette',
    });
    ref?.afterClosed().subscribe((id) => {
      if (id) this.commands.run(id);
    });
  }

  /** Opens the keyboard shortcuts help. */
  protected openShortcutsHelp(): void {
    void this.lazyDialog.open(loadShortcutsHelp, 'Keyboard shortcuts', { id: 'shortcuts-help', autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** F6 / Shift+F6: moves the focus to the next (previous) region of the window. */
  private cycleRegion(step: 1 | -1): void {
    const regions = visibleRegions();
    const next = regions[nextRegionIndex(regions.length, regionIndexOf(regions, document.activeElement), step)];
    if (next) this.enterRegion(next);
  }

  private focusRegion(name: string): void {
    const el = visibleRegions().find((r) => r.dataset['region'] === name);
    if (el) this.enterRegion(el);
  }

  /** The consoles region focuses a terminal; the others their first control. */
  private enterRegion(el: HTMLElement): void {
    if (el.dataset['region'] === 'consoles' && this.consoleArea()?.focusTerminal()) return;
    focusFirstIn(el, this.checker);
  }

  /** Opens the task composer (optionally on a project); a started task shows the board. */
  protected openNewTask(projectId?: string): void {
    void this.taskDialogs.compose(projectId);
  }

  /** Opens the Settings dialog. */
  protected openSettings(): void {
    void this.lazyDialog.open(loadSettings, 'Settings', { id: 'settings', autoFocus: 'dialog' });
  }

  /** Opens a project's page: its analysis and the cache stats. */
  protected openProjectDetails(projectId: string): void {
    void this.lazyDialog.open<unknown, ProjectDetailsData>(loadProjectDetails, 'The project page', { data: { projectId }, autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** Opens the New session dialog; a started session gets a console and the focus. */
  protected async openNewSession(projectId?: string): Promise<void> {
    void this.store.refreshAgents().catch(() => undefined);
    const ref = await this.lazyDialog.open<unknown, NewSessionData, Session>(loadNewSession, 'New session', {
      id: 'new-session',
      data: projectId === undefined ? {} : { projectId },
      autoFocus: 'first-tabbable',
      restoreFocus: false,
    });
    ref?.afterClosed().subscribe((session) => {
      if (!session) return;
      this.view.show('consoles');
      void this.layout.show(session.id);
    });
  }

  /**
   * Asks which console gives its place to session `incoming` when all are taken.
   * @returns the session id whose console to replace, or null (Cancel, Esc)
   */
  private async chooseConsoleToReplace(incoming: string, shown: readonly string[]): Promise<string | null> {
    const byId = this.store.sessionById();
    const describe = (id: string) => {
      const s = byId.get(id);
      return { label: s ? this.store.sessionLabel(s) : id, project: (s && this.store.projectById().get(s.projectId)?.name) ?? '' };
    };
    const ref = await this.lazyDialog.open<unknown, ReplaceConsoleData, string>(loadReplaceConsole, 'The choice of console to replace', {
      id: 'replace-console',
      data: { incoming: describe(incoming), shown: shown.map((id) => ({ sessionId: id, ...describe(id) })) },
      autoFocus: 'first-tabbable',
    });
    return ref ? ((await firstValueFrom(ref.afterClosed())) ?? null) : null;
  }
}
