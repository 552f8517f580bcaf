'use strict';
// Per-container state the upstream package does not keep: write order (LSN) for the change feed and the
// exact write time for TTL. Keyed by the package's Collection instance, so a deleted and re-created
// container starts fresh.

const getValue = require('@vercel/cosmosdb-server/lib/utils/get-value').default;

const states = new WeakMap();

function stateOf(collection) {
  let state = states.get(collection);
  if (!state) {
    state = { lsn: 0, byRid: new Map(), lastPurgeMs: 0 };
    states.set(collection, state);
  }
  return state;
}

function partitionKeyPaths(collection) {
  const props = collection.read() || {};
  const paths = (props.partitionKey && props.partitionKey.paths) || [];
  return paths.filter((p) => p !== '/_partitionKey');
}

// The partition key value of a document, or undefined when it has none (PartitionKey.None).
function partitionKeyOf(collection, doc) {
  const [path] = partitionKeyPaths(collection);
  if (!path) return doc.id;
  return getValue(path.slice(1).split('/'), doc);
}

// The x-ms-documentdb-partitionkey header: { present: false } when absent, else { present, value } where
// value is undefined for PartitionKey.None ("[{}]" or "[]").
function partitionKeyHeader(req) {
  let raw = req.headers['x-ms-documentdb-partitionkey'];
  if (Array.isArray(raw)) [raw] = raw;
  if (raw === undefined || raw === '') return { present: false };
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { present: true, invalid: true };
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  if (parsed.length > 1) return { present: true, invalid: true, message: 'Hierarchical partition keys are not supported by this emulator.' };
  const [value] = parsed;
  if (value !== null && typeof value === 'object') return { present: true, value: undefined };
  return { present: true, value };
}

function samePartitionKey(a, b) {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

// The key the package indexes a document under: its partition value, or its id when that is falsy.
function storeKey(pkValue, id) {
  return pkValue === undefined || pkValue === null ? id : pkValue;
}

function recordWrite(collection, doc) {
  const state = stateOf(collection);
  state.lsn += 1;
  state.byRid.set(doc._rid, { lsn: state.lsn, writtenAtMs: Date.now() });
  return state.lsn;
}

function forget(collection, doc) {
  stateOf(collection).byRid.delete(doc._rid);
}

function writeInfo(collection, doc) {
  const state = stateOf(collection);
  let info = state.byRid.get(doc._rid);
  if (!info) {
    // Written through a path we do not wrap (patch, batch): give it an LSN now.
    state.lsn += 1;
    info = { lsn: state.lsn, writtenAtMs: (doc._ts || 0) * 1000 };
    state.byRid.set(doc._rid, info);
  }
  return info;
}

// Effective time-to-live in seconds, or null when the document never expires. Item ttl counts only when
// the container has TTL switched on (defaultTtl present), as in Cosmos DB.
function effectiveTtl(collection, doc) {
  const props = collection.read() || {};
  const containerTtl = props.defaultTtl;
  if (containerTtl === undefined || containerTtl === null) return null;
  const ttl = typeof doc.ttl === 'number' ? doc.ttl : containerTtl;
  return ttl > 0 ? ttl : null;
}

function isExpired(collection, doc, nowMs = Date.now()) {
  const ttl = effectiveTtl(collection, doc);
  if (ttl === null) return false;
  return nowMs >= writeInfo(collection, doc).writtenAtMs + ttl * 1000;
}

function rawDocuments(collection) {
  return [...collection.documents._data.values()].map((item) => item.read()).filter(Boolean);
}

function deleteDocument(collection, doc) {
  collection.documents.delete(doc.id, storeKey(partitionKeyOf(collection, doc), doc.id));
  forget(collection, doc);
}

// Removes expired documents, at most every 200 ms per container.
function purgeExpired(collection) {
  const state = stateOf(collection);
  const now = Date.now();
  if (now - state.lastPurgeMs < 200) return;
  state.lastPurgeMs = now;
  for (const doc of rawDocuments(collection)) {
    if (isExpired(collection, doc, now)) deleteDocument(collection, doc);
  }
}

// Live documents, optionally restricted to one logical partition.
function liveDocuments(collection, pk) {
  purgeExpired(collection);
  const now = Date.now();
  return rawDocuments(collection).filter(
    (doc) => !isExpired(collection, doc, now) && (!pk || !pk.present || samePartitionKey(partitionKeyOf(collection, doc), pk.value)),
  );
}

// Point lookup that honours the partition key and TTL. Returns undefined when absent.
function findDocument(collection, id, pkValue) {
  const found = collection.documents._item('/id', id, storeKey(pkValue, id)).read();
  if (!found || found.id !== id) return undefined;
  if (!samePartitionKey(partitionKeyOf(collection, found), pkValue)) return undefined;
  if (isExpired(collection, found)) {
    deleteDocument(collection, found);
    return undefined;
  }
  return found;
}

module.exports = {
  stateOf,
  partitionKeyOf,
  partitionKeyHeader,
  samePartitionKey,
  storeKey,
  recordWrite,
  forget,
  writeInfo,
  isExpired,
  liveDocuments,
  findDocument,
  deleteDocument,
  purgeExpired,
};
