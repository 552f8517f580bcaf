'use strict';
// GET .../docs: the change feed (A-IM: Incremental feed) with LSN continuations, and the plain read feed.

const store = require('./store');
const { error } = require('./errors');

const DEFAULT_PAGE_SIZE = 1000;

function pageSize(req) {
  const raw = parseInt(req.headers['x-ms-max-item-count'], 10);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_PAGE_SIZE;
}

function startLsn(req, state) {
  let raw = req.headers['if-none-match'];
  if (Array.isArray(raw)) [raw] = raw;
  if (raw === undefined || raw === '') return { from: 0 };
  const value = String(raw).replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (value === '*') return { from: state.lsn };
  if (!/^\d+$/.test(value)) return { invalid: true };
  return { from: parseInt(value, 10) };
}

function changeFeed(account, req, res, { dbId, collId }) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return error(res, 404, 'NotFound', 'Resource Not Found.');
  const state = store.stateOf(collection);
  const pk = store.partitionKeyHeader(req);
  if (pk.invalid) return error(res, 400, 'BadRequest', pk.message || 'The partition key header is not valid JSON.');
  const start = startLsn(req, state);
  if (start.invalid) return error(res, 400, 'BadRequest', 'The change feed continuation (If-None-Match) is not valid for this emulator.');

  let since = null;
  if (req.headers['if-none-match'] === undefined && req.headers['if-modified-since']) {
    const ms = Date.parse(req.headers['if-modified-since']);
    if (!Number.isNaN(ms)) since = ms;
  }

  const changes = store
    .liveDocuments(collection, pk)
    .map((doc) => ({ doc, info: store.writeInfo(collection, doc) }))
    .filter(({ info }) => info.lsn > start.from && (since === null || info.writtenAtMs >= since))
    .sort((a, b) => a.info.lsn - b.info.lsn)
    .slice(0, pageSize(req));

  if (changes.length === 0) {
    // Nothing new: 304 and the continuation to use next time (the current LSN when starting "now").
    res.statusCode = 304;
    res.setHeader('etag', `"${start.from}"`);
    // The SDK parses the item count of a 304 too.
    res.setHeader('x-ms-item-count', '0');
    res.setHeader('lsn', String(state.lsn));
    return undefined;
  }
  const last = changes[changes.length - 1].info.lsn;
  res.statusCode = 200;
  res.setHeader('etag', `"${last}"`);
  res.setHeader('x-ms-item-count', String(changes.length));
  res.setHeader('lsn', String(last));
  return {
    _rid: collection.read()._rid,
    Documents: changes.map(({ doc, info }) => ({ ...doc, _lsn: info.lsn })),
    _count: changes.length,
  };
}

function readFeed(account, req, res, { dbId, collId }) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return error(res, 404, 'NotFound', 'Resource Not Found.');
  const pk = store.partitionKeyHeader(req);
  if (pk.invalid) return error(res, 400, 'BadRequest', pk.message || 'The partition key header is not valid JSON.');
  const docs = store.liveDocuments(collection, pk);
  let start = 0;
  const raw = req.headers['x-ms-continuation'];
  if (raw) {
    const m = /^off:(\d+)$/.exec(String(raw));
    if (!m) return error(res, 400, 'BadRequest', 'The continuation token is not valid for this emulator.');
    start = parseInt(m[1], 10);
  }
  const size = pageSize(req);
  const page = docs.slice(start, start + size);
  if (start + size < docs.length) res.setHeader('x-ms-continuation', `off:${start + size}`);
  res.setHeader('x-ms-item-count', String(page.length));
  res.statusCode = 200;
  return { _rid: collection.read()._rid, Documents: page, _count: page.length };
}

function readDocuments(account, req, res, params) {
  if (req.headers['a-im']) return changeFeed(account, req, res, params);
  return readFeed(account, req, res, params);
}

module.exports = { readDocuments };
