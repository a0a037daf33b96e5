/** The window: menus on top, palette left, canvas centre, inspector right, panels and status below. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { TopBar } from './chrome/TopBar.tsx';
import { installKeyboard } from './commands/keyboard.ts';
import { installNativeMenu } from './commands/native-menu.ts';
import { uiStore } from './store/ui-store.ts';
import { DialogHost } from './dialogs/DialogHost.tsx';
import { loadAppInfo } from './documents/document-actions.ts';
import { guardUnload, offerRecovery, startAutosave } from './documents/recovery.ts';
import { Inspector } from './inspector/Inspector.tsx';
import { Palette } from './palette/Palette.tsx';
import { BottomPanel } from './chrome/BottomPanel.tsx';
import { StatusBar } from './statusbar/StatusBar.tsx';
import { Toasts } from './ui/Toasts.tsx';
import { installTraining } from './training/training-actions.ts';

export function App() {
  useEffect(() => {
    const stops = [installKeyboard(), startAutosave(), guardUnload(), installTraining()];
    void loadAppInfo().then(() => {
      // The desktop shell draws a native menu from the same registry; the window then needs none.
      if (uiStore.get().mode === 'desktop') stops.push(installNativeMenu());
      return offerRecovery();
    });
    return () => stops.forEach((stop) => stop());
  }, []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar />
        <div className="workspace">
          <Palette />
          <main className="main-column">
            <Canvas />
            <BottomPanel />
          </main>
          <Inspector />
        </div>
        <StatusBar />
      </div>
      <DialogHost />
      <Toasts />
    </ReactFlowProvider>
  );
}
