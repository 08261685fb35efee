import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DestinationHttpError, HttpDestination } from '../../src/destination/http-destination';
import { InvalidEntityIdError } from '../../src/domain/entity-code';
import { ThirdPartySimulator } from '../../src/sim';
import { startTinyServer, type TinyServer } from '../helpers/tiny-server';

const CODE = 'a/b/c/d/abcd_photo.jpg';

/** A stream of `n` chunks of 64 KiB, then an error when `failAfter` chunks were read. */
function chunks(n: number, failAfter?: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && i === failAfter) return this.destroy(new Error('download cut short'));
      if (i++ === n) return this.push(null);
      this.push(Buffer.alloc(65_536, i % 251));
    },
  });
}

describe('HttpDestination media files', () => {
  let sim: ThirdPartySimulator;
  let tiny: TinyServer | undefined;
  beforeEach(async () => {
    sim = new ThirdPartySimulator({ token: 'dest-token' });
    await sim.start();
  });
  afterEach(async () => {
    await sim.close();
    await tiny?.close();
    tiny = undefined;
  });

  it('PUTs the bytes streamed to /media/{code} as one encoded segment, with the content type and the token; HEAD then says present', async () => {
    const dest = new HttpDestination({ baseUrl: sim.url, token: 'dest-token' });
    assert.equal(await dest.hasMedia(CODE), false);
    const expected = createHash('sha256');
    const body = chunks(40).on('data', (c: Buffer) => expected.update(c));
    await dest.putMedia(CODE, body, { contentType: 'image/jpeg' });
    const stored = sim.media.get(CODE);
    assert.equal(stored?.size, 40 * 65_536);
    assert.equal(stored?.sha256, expected.digest('hex'));
    assert.equal(stored?.contentType, 'image/jpeg');
    assert.equal(await dest.hasMedia(CODE), true);
  });

  it('never completes a PUT whose body errors: the error is the body’s and nothing is stored', async () => {
    const dest = new HttpDestination({ baseUrl: sim.url, token: 'dest-token' });
    await assert.rejects(dest.putMedia(CODE, chunks(40, 20), { contentType: 'image/jpeg' }), /download cut short/);
    assert.equal(sim.media.get(CODE), undefined);
    assert.equal(sim.media.putsOf(CODE), 0);
  });

  it('answers HEAD 401 and a failed PUT with the write errors, Retry-After included', async () => {
    assert.equal(await new HttpDestination({ baseUrl: sim.url, token: 'wrong' }).hasMedia(CODE).catch((e: DestinationHttpError) => e.status), 401);
    sim.rateLimitNext(1, 7);
    const dest = new HttpDestination({ baseUrl: sim.url, token: 'dest-token' });
    const err = await dest.putMedia(CODE, chunks(2), { contentType: 'image/png' }).catch((e: unknown) => e);
    assert.ok(err instanceof DestinationHttpError);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterSeconds, 7);
  });

  it('does not follow a redirect of a media PUT', async () => {
    tiny = await startTinyServer((_req, res) => {
      res.writeHead(307, { Location: 'http://127.0.0.1:9/elsewhere' }).end();
    });
    const err = await new HttpDestination({ baseUrl: tiny.url }).putMedia(CODE, chunks(1), { contentType: 'image/png' }).catch((e: unknown) => e);
    assert.ok(err instanceof DestinationHttpError);
    assert.equal(err.status, 307);
    assert.equal(tiny.requests.length, 1);
    assert.equal(tiny.requests[0].path, `/media/${encodeURIComponent(CODE)}`);
  });

  it('refuses a dot-segment code before sending anything', async () => {
    tiny = await startTinyServer((_req, res) => {
      res.writeHead(200).end();
    });
    await assert.rejects(new HttpDestination({ baseUrl: tiny.url }).hasMedia('..'), InvalidEntityIdError);
    assert.equal(tiny.requests.length, 0);
  });
});
