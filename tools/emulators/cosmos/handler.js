'use strict';
// The request pipeline: our handlers first, then the package's own routes, then one place that writes the
// response the way Cosmos DB does (error body shape, ETag, keep-alive).

const { randomUUID } = require('crypto');
const createRouter = require('@vercel/cosmosdb-server/lib/router').default;
const upstreamRoute = require('@vercel/cosmosdb-server/lib/routes').default;
const documents = require('./documents');
const { queryDocuments } = require('./query');
const { readDocuments } = require('./feed');
const { replaceCollection } = require('./collections');
const { normalizeErrorBody } = require('./errors');

const upstreamReadPartitionKeyRanges = require('@vercel/cosmosdb-server/lib/handler/read-partition-key-ranges').default;

// The package stores the one partition key range with a numeric id; Cosmos DB (and the SDK, which parses it
// back as a string when it resolves a change feed continuation) uses strings.
async function readPartitionKeyRanges(account, req, res, params) {
  const body = await upstreamReadPartitionKeyRanges(account, req, res, params);
  if (body && Array.isArray(body.PartitionKeyRanges)) {
    body.PartitionKeyRanges = body.PartitionKeyRanges.map((r) => ({ ...r, id: String(r.id) }));
    const collection = account.database(params.dbId).collection(params.collId).read();
    if (collection) body._rid = collection._rid;
  }
  return body;
}

const DOC = '/dbs/:dbId/colls/:collId/docs/:docId';
const DOCS = '/dbs/:dbId/colls/:collId/docs';

const ownRoute = createRouter({
  GET: {
    [DOC]: documents.readDocument,
    [DOCS]: readDocuments,
    '/dbs/:dbId/colls/:collId/pkranges': readPartitionKeyRanges,
  },
  POST: { [DOCS]: documents.createDocument },
  POST_UPSERT: { [DOCS]: documents.upsertDocument },
  POST_QUERY: { [DOCS]: queryDocuments },
  PUT: { [DOC]: documents.replaceDocument, '/dbs/:dbId/colls/:collId': replaceCollection },
  DELETE: { [DOC]: documents.deleteDocument },
  PATCH: { [DOC]: documents.patchDocument },
});

const QUERY_METRICS =
  'totalExecutionTimeInMs=0.00;queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.00;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=0;retrievedDocumentSize=0;outputDocumentCount=1;outputDocumentSize=0;writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00';

// COSMOS_TRACE=1 logs every request with its headers and the size of its answer (the key's signature included: local
// use only).
const traceRequests = process.env.COSMOS_TRACE === '1';

function createHandler(getAccount, log) {
  return (req, res) => {
    (async () => {
      const account = getAccount();
      const route = ownRoute(req) || upstreamRoute(req);
      let body;
      if (!route) {
        res.statusCode = 400;
        body = { code: 'BadRequest', message: `No route for ${req.method} ${req.url}` };
      } else {
        const [params, handler] = route;
        try {
          body = await handler(account, req, res, params);
        } catch (err) {
          log(`error ${req.method} ${req.url}: ${err && err.stack ? err.stack : err}`);
          res.statusCode = 500;
          body = { code: 'InternalServerError', message: err && err.message ? err.message : 'Internal error' };
        }
      }
      const status = res.statusCode;
      if (status >= 400) body = normalizeErrorBody(status, body);
      if (body && body._etag && !res.hasHeader('etag')) res.setHeader('etag', body._etag);
      // The package answers incremental partition-key-range reads with 304 when nothing changed; keep that.
      if (req.headers['a-im'] && status === 200 && /\/pkranges\/?$/.test(req.url.split('?')[0])) {
        if (req.headers['if-none-match']) res.statusCode = 304;
        res.setHeader('etag', '1');
      }
      res.setHeader('x-ms-activity-id', randomUUID());
      res.setHeader('x-ms-request-charge', '1');
      res.setHeader('x-ms-substatus', '0');
      if (req.headers['x-ms-documentdb-populatequerymetrics']) res.setHeader('x-ms-documentdb-query-metrics', QUERY_METRICS);
      if (res.statusCode === 204 || res.statusCode === 304 || body === undefined) {
        if (traceRequests) log(`${req.method} ${req.url} -> ${res.statusCode} ${JSON.stringify(req.headers)}`);
        res.end();
        return;
      }
      const payload = JSON.stringify(body);
      if (traceRequests) log(`${req.method} ${req.url} -> ${res.statusCode} ${JSON.stringify(req.headers)} [${Buffer.byteLength(payload)} bytes] ${payload.slice(0, 300)}`);
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-length', Buffer.byteLength(payload));
      res.end(payload);
    })().catch((err) => {
      log(`fatal ${req.method} ${req.url}: ${err && err.stack ? err.stack : err}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  };
}

module.exports = { createHandler };
