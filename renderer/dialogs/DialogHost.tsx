/** Shows whichever dialog the UI store says is open. */
import { ExportDialog } from '../code/ExportDialog.tsx';
import { ImportDialog } from '../code/ImportDialog.tsx';
import { Gallery } from '../templates/Gallery.tsx';
import { OpenDialog } from '../documents/OpenDialog.tsx';
import { SaveAsDialog } from '../documents/SaveAsDialog.tsx';
import { useUi } from '../store/ui-store.ts';
import { CommandPalette } from './CommandPalette.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ContextMenu } from './ContextMenu.tsx';
import { GroupNameDialog } from './GroupNameDialog.tsx';
import { QuickAdd } from './QuickAdd.tsx';

export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  switch (dialog?.kind) {
    case undefined:
      return null;
    case 'commandPalette':
      return <CommandPalette />;
    case 'quickAdd':
      return (
        <QuickAdd screen={dialog.screen} flow={dialog.flow} connectFrom={dialog.connectFrom} />
      );
    case 'open':
      return <OpenDialog />;
    case 'saveAs':
      return <SaveAsDialog />;
    case 'gallery':
      return <Gallery />;
    case 'export':
      return <ExportDialog target={dialog.target} />;
    case 'importModel':
      return <ImportDialog />;
    case 'groupName':
      return <GroupNameDialog nodes={dialog.nodes} />;
    case 'contextMenu':
      return <ContextMenu screen={dialog.screen} commands={dialog.commands} />;
    case 'confirm':
      return <ConfirmDialog dialog={dialog} />;
  }
}
