'use strict';
// Point operations on documents: create, read, replace, upsert, delete. They replace the package's handlers
// to return 404 (not 500) for a missing item or a wrong partition key, enforce If-Match on every write,
// honour TTL and record each write for the change feed.

const readJson = require('@vercel/cosmosdb-server/lib/json').default;
const store = require('./store');
const { error } = require('./errors');

function collectionOr404(account, res, dbId, collId) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) {
    return { response: error(res, 404, 'NotFound', 'Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found') };
  }
  return { collection };
}

function requiredPartitionKey(req, res) {
  const pk = store.partitionKeyHeader(req);
  if (!pk.present) {
    return { response: error(res, 400, 'BadRequest', 'The partition key supplied in x-ms-partitionkey header has fewer components than defined in the collection.') };
  }
  if (pk.invalid) {
    return { response: error(res, 400, 'BadRequest', pk.message || 'The partition key header is not valid JSON.') };
  }
  return { pk };
}

function normalizeEtag(value) {
  if (value === undefined || value === null) return undefined;
  return String(Array.isArray(value) ? value[0] : value).replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function preconditionFails(req, doc) {
  const ifMatch = normalizeEtag(req.headers['if-match']);
  if (ifMatch === undefined || ifMatch === '*') return false;
  return !doc || ifMatch !== normalizeEtag(doc._etag);
}

function preconditionFailed(res) {
  return error(res, 412, 'PreconditionFailed', 'Operation cannot be performed because one of the specified precondition is not met.');
}

function notFound(res) {
  return error(res, 404, 'NotFound', 'Entity with the specified id does not exist in the system.');
}

async function readBody(req, res) {
  let body;
  try {
    body = await readJson(req);
  } catch (err) {
    return { response: error(res, 400, 'BadRequest', 'The request body is not valid JSON.') };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { response: error(res, 400, 'BadRequest', 'The request body must be a JSON object.') };
  }
  if (typeof body.id !== 'string' || body.id === '') {
    return { response: error(res, 400, 'BadRequest', "The input content is invalid because the required properties - 'id; ' - are missing") };
  }
  return { body };
}

function checkBodyPartition(collection, req, res, body) {
  const pk = store.partitionKeyHeader(req);
  if (pk.invalid) return error(res, 400, 'BadRequest', pk.message || 'The partition key header is not valid JSON.');
  if (pk.present && !store.samePartitionKey(store.partitionKeyOf(collection, body), pk.value)) {
    return error(res, 400, 'BadRequest', "PartitionKey extracted from document doesn't match the one specified in the header.");
  }
  return undefined;
}

async function createDocument(account, req, res, { dbId, collId }) {
  const { body, response: bad } = await readBody(req, res);
  if (bad) return bad;
  const { collection, response } = collectionOr404(account, res, dbId, collId);
  if (response) return response;
  const mismatch = checkBodyPartition(collection, req, res, body);
  if (mismatch) return mismatch;
  store.purgeExpired(collection);
  if (store.findDocument(collection, body.id, store.partitionKeyOf(collection, body))) {
    return error(res, 409, 'Conflict', 'Entity with the specified id already exists in the system.');
  }
  return createNew(collection, res, body);
}

// Stores a new document and answers 201 (409 when the package itself finds the id taken).
function createNew(collection, res, body) {
  let created;
  try {
    created = collection.documents.create(body);
  } catch (err) {
    if (err.conflict) return error(res, 409, 'Conflict', err.message);
    throw err;
  }
  store.recordWrite(collection, created);
  res.statusCode = 201;
  return created;
}

async function readDocument(account, req, res, { dbId, collId, docId }) {
  const { collection, response } = collectionOr404(account, res, dbId, collId);
  if (response) return response;
  const { pk, response: bad } = requiredPartitionKey(req, res);
  if (bad) return bad;
  const doc = store.findDocument(collection, docId, pk.value);
  if (!doc) return notFound(res);
  const ifNoneMatch = normalizeEtag(req.headers['if-none-match']);
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch === normalizeEtag(doc._etag))) {
    res.statusCode = 304;
    res.setHeader('etag', doc._etag);
    return undefined;
  }
  res.statusCode = 200;
  return doc;
}

function replaceExisting(collection, res, body, existing) {
  let replaced;
  try {
    replaced = collection.documents.replace(body, existing);
  } catch (err) {
    if (err.badRequest) return { response: error(res, 400, 'BadRequest', err.message) };
    if (err.conflict) return { response: error(res, 409, 'Conflict', err.message) };
    throw err;
  }
  store.recordWrite(collection, replaced);
  return { replaced };
}

async function replaceDocument(account, req, res, { dbId, collId, docId }) {
  const { body, response: bad } = await readBody(req, res);
  if (bad) return bad;
  const { collection, response } = collectionOr404(account, res, dbId, collId);
  if (response) return response;
  const { pk, response: noPk } = requiredPartitionKey(req, res);
  if (noPk) return noPk;
  if (body.id !== docId) {
    return error(res, 400, 'BadRequest', 'The id in the request body does not match the id in the request URI.');
  }
  const existing = store.findDocument(collection, docId, pk.value);
  if (!existing) return notFound(res);
  if (preconditionFails(req, existing)) return preconditionFailed(res);
  if (!store.samePartitionKey(store.partitionKeyOf(collection, body), pk.value)) {
    return error(res, 400, 'BadRequest', "PartitionKey extracted from document doesn't match the one specified in the header.");
  }
  const { replaced, response: failed } = replaceExisting(collection, res, body, existing);
  if (failed) return failed;
  res.statusCode = 200;
  return replaced;
}

async function upsertDocument(account, req, res, { dbId, collId }) {
  const { body, response: bad } = await readBody(req, res);
  if (bad) return bad;
  const { collection, response } = collectionOr404(account, res, dbId, collId);
  if (response) return response;
  const mismatch = checkBodyPartition(collection, req, res, body);
  if (mismatch) return mismatch;
  const existing = store.findDocument(collection, body.id, store.partitionKeyOf(collection, body));
  const ifMatch = normalizeEtag(req.headers['if-match']);
  if (ifMatch !== undefined && ifMatch !== '*' && (!existing || preconditionFails(req, existing))) {
    return preconditionFailed(res);
  }
  if (existing) {
    const { replaced, response: failed } = replaceExisting(collection, res, body, existing);
    if (failed) return failed;
    res.statusCode = 200;
    return replaced;
  }
  return createNew(collection, res, body);
}

async function deleteDocument(account, req, res, { dbId, collId, docId }) {
  const { collection, response } = collectionOr404(account, res, dbId, collId);
  if (response) return response;
  const { pk, response: bad } = requiredPartitionKey(req, res);
  if (bad) return bad;
  const existing = store.findDocument(collection, docId, pk.value);
  if (!existing) return notFound(res);
  if (preconditionFails(req, existing)) return preconditionFailed(res);
  store.deleteDocument(collection, existing);
  res.statusCode = 204;
  return undefined;
}

const upstreamPatch = require('@vercel/cosmosdb-server/lib/handler/patch-document').default;

// Patch runs the package's patch operations once the item is known to exist in that partition (404
// otherwise) and the If-Match holds; the result is recorded for the change feed.
async function patchDocument(account, req, res, params) {
  const { collection, response } = collectionOr404(account, res, params.dbId, params.collId);
  if (response) return response;
  const { pk, response: bad } = requiredPartitionKey(req, res);
  if (bad) return bad;
  const existing = store.findDocument(collection, params.docId, pk.value);
  if (!existing) return notFound(res);
  if (preconditionFails(req, existing)) return preconditionFailed(res);
  // The package compares If-Match literally (quotes included); it has been checked above, so hide it.
  const ifMatch = req.headers['if-match'];
  delete req.headers['if-match'];
  let body;
  try {
    body = await upstreamPatch(account, req, res, params);
  } finally {
    if (ifMatch !== undefined) req.headers['if-match'] = ifMatch;
  }
  if (res.statusCode === 200 && body && body._rid) store.recordWrite(collection, body);
  return body;
}

module.exports = {
  patchDocument,
  createDocument,
  readDocument,
  replaceDocument,
  upsertDocument,
  deleteDocument,
  normalizeEtag,
};
