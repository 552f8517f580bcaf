'use strict';
// Replacing a container's properties (for example to switch TTL on). The package re-creates the container
// object on replace, which drops every document; this keeps the documents and swaps the properties only.

const { randomUUID } = require('crypto');
const { isDeepStrictEqual } = require('util');
const readJson = require('@vercel/cosmosdb-server/lib/json').default;
const { error } = require('./errors');

async function replaceCollection(account, req, res, { dbId, collId }) {
  let body;
  try {
    body = await readJson(req);
  } catch (err) {
    return error(res, 400, 'BadRequest', 'The request body is not valid JSON.');
  }
  const collection = account.database(dbId).collection(collId);
  const current = collection.read();
  if (!current) return error(res, 404, 'NotFound', 'Resource Not Found.');
  if (!body || body.id !== current.id) return error(res, 400, 'BadRequest', 'The id in the request body does not match the container id.');
  if (!isDeepStrictEqual(body.partitionKey, current.partitionKey)) {
    return error(res, 400, 'BadRequest', 'Replacing the partition key of a container is not allowed.');
  }
  const indexingPolicy = body.indexingPolicy || current.indexingPolicy || {};
  // eslint-disable-next-line no-underscore-dangle
  collection._data = {
    ...current,
    ...body,
    indexingPolicy: { ...indexingPolicy, indexingMode: (indexingPolicy.indexingMode || 'consistent').toLowerCase() },
    _rid: current._rid,
    _self: current._self,
    _etag: randomUUID(),
    _ts: Math.floor(Date.now() / 1000),
  };
  if (!('defaultTtl' in body)) delete collection._data.defaultTtl;
  res.statusCode = 200;
  return collection.read();
}

module.exports = { replaceCollection };
