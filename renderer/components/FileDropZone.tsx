import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';

export interface FileDropZoneProps {
  /** Called with every file picked or dropped (several at once allowed). */
  readonly onFiles: (files: File[]) => void;
  readonly disabled?: boolean;
  /** Text of the picker button. */
  readonly buttonLabel: string;
  /** Accessible name of the drop region. */
  readonly regionLabel: string;
  readonly children?: ReactNode;
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/** A drop region with a file picker button inside; keyboard users use the button. */
export function FileDropZone({ onFiles, disabled = false, buttonLabel, regionLabel, children }: FileDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined): void => {
    const files = [...(list ?? [])];
    if (files.length > 0 && !disabled) onFiles(files);
  };
  return (
    <section
      className={`drop-zone${over ? ' drop-zone--over' : ''}`}
      aria-label={regionLabel}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        take(event.dataTransfer?.files);
      }}
    >
      {children}
      <input
        ref={input}
        id={inputId}
        className="visually-hidden"
        type="file"
        multiple
        tabIndex={-1}
        aria-label={buttonLabel}
        disabled={disabled}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <button type="button" className="button button--primary" disabled={disabled} onClick={() => input.current?.click()}>
        {buttonLabel}
      </button>
    </section>
  );
}
