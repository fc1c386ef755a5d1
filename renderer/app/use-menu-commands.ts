import { useEffect } from 'react';
import type { HostApi } from '../../shared/contract/host/index.ts';
import { navigate, VIEWS, type ViewName } from '../core/route.ts';
import type { AppStore } from '../core/store.ts';

/**
 * The desktop app's menu commands (View › Timeline…, Help › Keyboard Shortcuts): a view is shown
 * as its tab would show it (the open files kept), the shortcuts as `?` shows them. Only where
 * the host is the desktop preload: the web host has no menu, and listening there would hold a
 * stream open to it for nothing.
 */
export function useMenuCommands(host: HostApi, store: AppStore, desktop: boolean): void {
  useEffect(() => {
    if (!desktop) return undefined;
    return host.onDidMenuCommand((command) => {
      if (command.kind === 'shortcuts') store.set((state) => ({ ...state, helpOpen: true }));
      else if ((VIEWS as readonly string[]).includes(command.view)) navigate(command.view as ViewName);
    });
  }, [host, store, desktop]);
}
