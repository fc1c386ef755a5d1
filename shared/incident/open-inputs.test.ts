import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { AppError } from '../base/errors.ts';
import { openInputs } from './open-inputs.ts';

const good = () => ({ name: 'batch.json', bytes: fixtureBytes('aws-cli-examples/batch-get-traces_output.json') });

/** A streamed input whose reading fails after its first bytes, the way a disk error or a bug would. */
function failingAfterStart(name: string, error: Error) {
  return {
    name,
    async *chunks() {
      yield new TextEncoder().encode('{"Traces": [');
      throw error;
    },
  };
}

describe('openInputs keeps one file\'s failure to that file', () => {
  it('a bug while reading one file is a problem of that file, named a bug; the others are read', async () => {
    const opened = await openInputs([failingAfterStart('broken.json', new TypeError('x is not a function')), good()]);
    expect(opened.dataset.traces).toHaveLength(1);
    expect(opened.problems).toEqual([{ file: 'broken.json', message: 'could not be read because of an internal error (x is not a function); this is a bug in Trace Explorer' }]);
  });

  it('a read error is the file\'s problem in its own words', async () => {
    const opened = await openInputs([good(), failingAfterStart('gone.json', new AppError('invalidInput', 'could not be read to the end: the disk reported an input/output error', 'gone.json'))]);
    expect(opened.problems).toEqual([{ file: 'gone.json', message: 'could not be read to the end: the disk reported an input/output error' }]);
  });

  it('alone, a failing file is "nothing could be read" naming it', async () => {
    await expect(openInputs([failingAfterStart('broken.json', new TypeError('boom'))])).rejects.toThrow(
      'Nothing could be read. broken.json: could not be read because of an internal error (boom); this is a bug in Trace Explorer',
    );
  });
});
