import { ChangeDetectionStrategy, Component, inject, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Session } from '../../backend/contract/model.js';
import { shortcutLabel } from './console/keys';
import { NewSessionDialogComponent, type NewSessionData } from './dialogs/new-session-dialog.component';
import { ErrorTextComponent } from './shared/error-text.component';
import { ConnectionBannerComponent } from './shell/connection-banner.component';
import { ConsoleAreaComponent } from './shell/console-area.component';
import { KeyboardShortcutsService } from './shell/keyboard-shortcuts.service';
import { ProfileProblemsBannerComponent } from './shell/profile-problems-banner.component';
import { SidebarComponent } from './sidebar/sidebar.component';
import { ConsoleLayoutService } from './state/console-layout.service';
import { ThemeService } from './state/theme.service';
import { WorkspaceStore } from './state/workspace.store';

/** The window: top bar, banners, the sidebar and the console area. */
@Component({
  selector: 'cx-root',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatToolbarModule,
    MatTooltipModule,
    ConnectionBannerComponent,
    ConsoleAreaComponent,
    ErrorTextComponent,
    ProfileProblemsBannerComponent,
    SidebarComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
})
export class AppComponent {
  protected readonly store = inject(WorkspaceStore);
  protected readonly theme = inject(ThemeService);
  private readonly layout = inject(ConsoleLayoutService);
  private readonly dialog = inject(MatDialog);
  private readonly consoleArea = viewChild(ConsoleAreaComponent);
  protected readonly newShortcut = shortcutLabel('N', true);

  constructor() {
    void this.store.load();
    inject(KeyboardShortcutsService).listen(
      {
        newSession: () => this.openNewSession(),
        focusConsole: (i) => this.layout.focusIndex(i),
        findInConsole: () => this.consoleArea()?.openFindInFocused(),
      },
      () => this.dialog.openDialogs.length > 0,
    );
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
      if (session) this.layout.show(session.id);
    });
  }
}
