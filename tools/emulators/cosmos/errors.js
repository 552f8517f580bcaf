'use strict';

const CODES = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
};

// Sets the status and returns the body Cosmos DB sends with an error: { code, message }.
function error(res, status, code, message) {
  res.statusCode = status;
  return { code: code || CODES[status] || 'Error', message: message || '' };
}

// Gives an error body from the upstream package ({} or { message }) the Cosmos shape.
function normalizeErrorBody(status, body) {
  const source = body && typeof body === 'object' ? body : {};
  return {
    code: source.code || CODES[status] || 'Error',
    message: source.message || (status === 404 ? 'Resource Not Found.' : ''),
  };
}

module.exports = { error, normalizeErrorBody, CODES };
