#!/usr/bin/env node
'use strict';
// PatientAccess local Cosmos DB emulator: @vercel/cosmosdb-server's storage and query engine behind our own
// HTTPS request pipeline, which closes the gaps the .NET SDK (Gateway mode) runs into. See ../README.md.
//
// Environment: COSMOS_PORT (8081), COSMOS_HOST (127.0.0.1), COSMOS_DATA_DIR (<repo>/.local/emulators/cosmos,
// holds the generated self-signed certificate). Data lives in memory and is gone when the process stops.

const fs = require('fs');
const https = require('https');
const path = require('path');
const { X509Certificate } = require('crypto');
const Account = require('@vercel/cosmosdb-server/lib/account').default;
const { createHandler } = require('./handler');
const ResourceId = require('@vercel/cosmosdb-server/lib/account/resource-id').default;

// Real Cosmos resource ids are base64 with '/' written as '-' (they appear in URL paths). The package writes
// plain base64, so about one database in 64 got a '/' in its _rid and the .NET SDK's partition-key-range
// lookups for it failed with 404. Encode and decode the way the service does.
ResourceId.toBase64String = (buffer) => buffer.toString('base64').replace(/\//g, '-');
ResourceId.fromBase64String = (s) => Buffer.from(s.replace(/-/g, '/'), 'base64');
const { createSelfSignedCertificate } = require('./certificate');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const port = parseInt(process.env.COSMOS_PORT || '8081', 10);
const host = process.env.COSMOS_HOST || '127.0.0.1';
const dataDir = process.env.COSMOS_DATA_DIR || path.join(repoRoot, '.local', 'emulators', 'cosmos');

function log(message) {
  process.stdout.write(`${new Date().toISOString()} cosmos: ${message}\n`);
}

// A self-signed certificate for localhost/127.0.0.1/::1, made at first start and kept in the data folder.
function certificate() {
  const certFile = path.join(dataDir, 'cert.pem');
  const keyFile = path.join(dataDir, 'key.pem');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const existing = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
    try {
      const validTo = Date.parse(new X509Certificate(existing.cert).validTo);
      if (validTo - Date.now() > 24 * 60 * 60 * 1000) return existing;
      log('certificate expires within a day; making a new one');
    } catch (err) {
      log(`certificate unreadable (${err.message}); making a new one`);
    }
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const made = createSelfSignedCertificate();
  fs.writeFileSync(keyFile, made.key, { mode: 0o600 });
  fs.writeFileSync(certFile, made.cert);
  log(`generated self-signed certificate ${certFile}`);
  return made;
}

let account;
const server = https.createServer({ ...certificate(), minVersion: 'TLSv1.2' }, createHandler(() => account, log));
// Keep connections open between requests, longer than the .NET client's idle timeout (1 minute by default),
// so the client is the side that closes an idle connection.
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;

server.on('error', (err) => {
  log(`cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  const address = server.address();
  const advertised = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.address;
  account = new Account(advertised.includes(':') ? `[${advertised}]` : advertised, address.port);
  log(`listening on https://${advertised.includes(':') ? `[${advertised}]` : advertised}:${address.port}/`);
});

function shutdown(signal) {
  log(`${signal} received, stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
