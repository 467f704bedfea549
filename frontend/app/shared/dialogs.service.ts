import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { ConfirmDialogComponent, type ConfirmData } from './confirm-dialog.component';
import { RenameDialogComponent, type RenameData } from './rename-dialog.component';

/** Opens the small shared dialogs and returns their answers as promises. */
@Injectable({ providedIn: 'root' })
export class DialogsService {
  private readonly dialog = inject(MatDialog);

  /** @returns true when the user confirmed */
  async confirm(data: ConfirmData): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialogComponent, ConfirmData, boolean>(ConfirmDialogComponent, { data, autoFocus: 'dialog' });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  /** @returns true when the new name was saved */
  async rename(data: RenameData): Promise<boolean> {
    const ref = this.dialog.open<RenameDialogComponent, RenameData, boolean>(RenameDialogComponent, { data });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }
}
