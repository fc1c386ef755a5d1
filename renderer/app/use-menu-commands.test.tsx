import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostApi, MenuCommand } from '../../shared/contract/host/index.ts';
import { currentRoute } from '../core/route.ts';
import { createStore, initialAppState } from '../core/store.ts';
import { useMenuCommands } from './use-menu-commands.ts';

/** A host whose only working part is the menu event: it keeps the listener the hook gives it. */
function menuHost() {
  const listeners = new Set<(command: MenuCommand) => void>();
  const host = { onDidMenuCommand: (listener: (command: MenuCommand) => void) => (listeners.add(listener), () => void listeners.delete(listener)) } as unknown as HostApi;
  return { host, listeners, send: (command: MenuCommand) => act(() => listeners.forEach((listener) => listener(command))) };
}

afterEach(() => {
  window.location.hash = '';
});

describe('useMenuCommands', () => {
  it('shows the view a menu command names, keeping the open files, and the shortcuts', () => {
    window.location.hash = '#/map?src=demo&node=x';
    const store = createStore(initialAppState);
    const { host, send, listeners } = menuHost();
    const { unmount } = renderHook(() => useMenuCommands(host, store, true));
    send({ kind: 'view', view: 'traces' });
    expect(currentRoute().view).toBe('traces');
    expect(currentRoute().params.get('src')).toBe('demo');
    send({ kind: 'view', view: 'nosuchview' });
    expect(currentRoute().view).toBe('traces');
    expect(store.get().helpOpen).toBe(false);
    send({ kind: 'shortcuts' });
    expect(store.get().helpOpen).toBe(true);
    unmount();
    expect(listeners.size).toBe(0);
  });

  it('does not listen where the host is the web host', () => {
    const { host, listeners } = menuHost();
    renderHook(() => useMenuCommands(host, createStore(initialAppState), false));
    expect(listeners.size).toBe(0);
  });
});
