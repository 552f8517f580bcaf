'use strict';
// Queries: honour the partition key header, answer query-plan requests with a plan that lets the SDK pass
// the query through (this server then runs ORDER BY, TOP and aggregates itself, over its single partition
// key range), and add the clauses the package's parser lacks: DISTINCT and trailing OFFSET ... LIMIT.

const parseQuery = require('@zeit/cosmosdb-query').default;
const { SyntaxError: QuerySyntaxError } = require('@zeit/cosmosdb-query');
const readJson = require('@vercel/cosmosdb-server/lib/json').default;
const store = require('./store');
const { error } = require('./errors');

const DEFAULT_PAGE_SIZE = 1000;
const parsedCache = new Map();

function parameterValue(token, parameters, clause) {
  if (/^\d+$/.test(token)) return parseInt(token, 10);
  const param = (parameters || []).find((p) => p.name === token);
  if (!param || typeof param.value !== 'number' || !Number.isInteger(param.value) || param.value < 0) {
    const err = new Error(`The ${clause} value ${token} must be a non-negative integer.`);
    err.badRequest = true;
    throw err;
  }
  return param.value;
}

// Splits the clauses the package cannot parse off the SQL text. Only the leading SELECT [TOP n] DISTINCT
// and a trailing OFFSET n LIMIT m are recognised, so string literals elsewhere are never touched.
function rewrite(sql, parameters) {
  let text = sql.trim();
  const plan = { distinct: false, top: null, offset: null, limit: null };

  const tail = /\s+OFFSET\s+(\d+|@[A-Za-z_][A-Za-z0-9_]*)\s+LIMIT\s+(\d+|@[A-Za-z_][A-Za-z0-9_]*)\s*$/i.exec(text);
  if (tail) {
    plan.offset = parameterValue(tail[1], parameters, 'OFFSET');
    plan.limit = parameterValue(tail[2], parameters, 'LIMIT');
    text = text.slice(0, tail.index);
  }

  const head = /^SELECT\s+(?:TOP\s+(\d+|@[A-Za-z_][A-Za-z0-9_]*)\s+)?DISTINCT\s+(?:TOP\s+(\d+|@[A-Za-z_][A-Za-z0-9_]*)\s+)?/i.exec(text);
  if (head) {
    plan.distinct = true;
    const topToken = head[1] || head[2];
    if (topToken) plan.top = parameterValue(topToken, parameters, 'TOP');
    // TOP must count distinct rows, so it is applied here after de-duplication.
    text = `SELECT ${text.slice(head[0].length)}`;
  }
  return { sql: text, ...plan };
}

function compile(sql) {
  let q = parsedCache.get(sql);
  if (!q) {
    q = parseQuery(sql);
    if (parsedCache.size > 500) parsedCache.clear();
    parsedCache.set(sql, q);
  }
  return q;
}

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

function postProcess(rows, plan) {
  let result = rows;
  if (plan.distinct) {
    const seen = new Set();
    result = result.filter((row) => {
      const key = canonical(row);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  if (plan.top !== null) result = result.slice(0, plan.top);
  if (plan.offset !== null) result = result.slice(plan.offset, plan.offset + plan.limit);
  return result;
}

function pageSize(req) {
  const raw = parseInt(req.headers['x-ms-max-item-count'], 10);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_PAGE_SIZE;
}

function continuationOffset(req) {
  const raw = req.headers['x-ms-continuation'];
  if (!raw) return 0;
  const m = /^off:(\d+)$/.exec(String(raw).replace(/^"(.*)"$/, '$1'));
  if (!m) {
    const err = new Error('The continuation token is not valid for this emulator.');
    err.badRequest = true;
    throw err;
  }
  return parseInt(m[1], 10);
}

// A PartitionedQueryExecutionInfo that tells the SDK nothing needs client-side work, over the one range.
function queryPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: 'None',
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: '',
      hasSelectValue: false,
      dCountInfo: null,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
  };
}

function isTrue(req, name) {
  const v = req.headers[name];
  return typeof v === 'string' && v.toLowerCase() === 'true';
}

async function queryDocuments(account, req, res, { dbId, collId }) {
  let body;
  try {
    body = await readJson(req);
  } catch (err) {
    return error(res, 400, 'BadRequest', 'The query body is not valid JSON.');
  }
  if (!body || typeof body.query !== 'string') return error(res, 400, 'BadRequest', 'The query body has no query text.');
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return error(res, 404, 'NotFound', 'Resource Not Found.');

  let plan;
  let compiled;
  try {
    plan = rewrite(body.query, body.parameters);
    compiled = compile(plan.sql);
  } catch (err) {
    if (err instanceof QuerySyntaxError || err.badRequest) {
      return error(res, 400, 'BadRequest', `Syntax error in query: ${err.message}`);
    }
    throw err;
  }

  if (isTrue(req, 'x-ms-cosmos-is-query-plan-request')) {
    res.statusCode = 200;
    return queryPlan();
  }

  const pk = store.partitionKeyHeader(req);
  if (pk.invalid) return error(res, 400, 'BadRequest', pk.message || 'The partition key header is not valid JSON.');
  const docs = store.liveDocuments(collection, pk);
  let rows;
  let start;
  try {
    start = continuationOffset(req);
    const udf = collection.userDefinedFunctions ? collection.userDefinedFunctions.functions : undefined;
    rows = compiled.exec(docs, { parameters: body.parameters, udf }).result;
  } catch (err) {
    // The package's code generator fails on some valid shapes (EXISTS subqueries from LINQ .Any(), for
    // example): that is a query this emulator cannot run, not a server fault.
    return error(res, 400, 'BadRequest', `The emulator cannot run this query: ${err.message}`);
  }
  rows = postProcess(rows, plan);
  const size = pageSize(req);
  const page = rows.slice(start, start + size);
  if (start + size < rows.length) res.setHeader('x-ms-continuation', `off:${start + size}`);
  res.setHeader('x-ms-item-count', String(page.length));
  res.statusCode = 200;
  return { _rid: collection.read()._rid, Documents: page, _count: page.length };
}

module.exports = { queryDocuments, rewrite, postProcess, queryPlan };
