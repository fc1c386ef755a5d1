import { Dialog } from '../components/Dialog.tsx';
import { GLOBAL_SHORTCUTS } from '../core/shortcuts.ts';
import { useAppState, useAppStore } from '../core/store.ts';

/** The `?` overlay: the global keys, then those of the views on screen. */
export function HelpOverlay() {
  const store = useAppStore();
  const open = useAppState((state) => state.helpOpen);
  const registered = useAppState((state) => state.shortcuts);
  if (!open) return null;
  const groups = [GLOBAL_SHORTCUTS, ...registered.values()];
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => store.set((state) => ({ ...state, helpOpen: false }))}>
      {groups.map((group) => (
        <section key={group.title} className="shortcut-group">
          <h3>{group.title}</h3>
          <table className="shortcut-table">
            <tbody>
              {group.shortcuts.map((shortcut) => (
                <tr key={shortcut.keys.join(' ')}>
                  <th scope="row">
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 ? <span className="muted"> or </span> : null}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </th>
                  <td>{shortcut.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Dialog>
  );
}
