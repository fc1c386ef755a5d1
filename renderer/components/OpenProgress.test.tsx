import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenProgressData } from '../../shared/contract/worker/analysis-protocol.ts';
import { OpenProgress } from './OpenProgress.tsx';

const reading = (fileSize: number | undefined): OpenProgressData => ({ phase: 'reading', file: 0, files: 1, name: 'big.json.gz', fileBytes: 12 * 1024 * 1024, fileSize, textBytes: 0, records: 5000 });

function shown(progress: OpenProgressData | undefined): { bar: HTMLProgressElement; turning: boolean; line: string } {
  const { container } = render(<OpenProgress label="big.json.gz" progress={progress} onCancel={() => undefined} />);
  const spinner = container.querySelector('.spinner');
  if (!spinner) throw new Error('no spinner element: it keeps its place even when still');
  return { bar: screen.getByRole('progressbar') as HTMLProgressElement, turning: !spinner.classList.contains('open-progress__still'), line: container.querySelector('.open-progress__line')?.textContent ?? '' };
}

afterEach(cleanup);

describe('OpenProgress', () => {
  it('moves the bar and keeps the spinner still while a file of known size is read', () => {
    const { bar, turning, line } = shown(reading(48 * 1024 * 1024));
    expect(bar.getAttribute('value')).toBe('0.25');
    expect(turning).toBe(false);
    expect(line).toBe('Reading big.json.gz: 12 MiB of 48 MiB (25%) · 5,000 records');
  });

  it('turns the spinner when the size is unknown (the bar cannot move)', () => {
    const { bar, turning, line } = shown(reading(undefined));
    expect(bar.hasAttribute('value')).toBe(false);
    expect(turning).toBe(true);
    expect(line).toBe('Reading big.json.gz: 12 MiB · 5,000 records');
  });

  it('before the first figures and after reading: the spinner turns, the bar is full once reading is done', () => {
    expect(shown(undefined).turning).toBe(true);
    cleanup();
    const assembling = shown({ ...reading(48 * 1024 * 1024), phase: 'assembling' });
    expect(assembling.turning).toBe(true);
    expect(assembling.bar.getAttribute('value')).toBe('1');
    expect(assembling.line).toBe('Assembling the traces of 5,000 records…');
  });
});
