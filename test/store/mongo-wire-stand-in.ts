/**
 * A stand-in for a MongoDB server on loopback, speaking the wire protocol the driver speaks (the legacy
 * OP_QUERY hello of the handshake, then OP_MSG), so that the mongo engine runs through the real mongoose and
 * driver and the test sees each command as it is sent, and answers what a server in trouble answers
 * (write-concern timeouts, a primary that stepped down, an index conflict). It executes nothing: answers are
 * empty unless the test gives them. No MongoDB server can run here; the contract suite covers a real one.
 */
import net from 'node:net';
import mongoose from 'mongoose';

const { BSON } = mongoose.mongo;
type Doc = Record<string, unknown>;
const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

export interface SentCommand {
  name: string;
  body: Doc;
}

export interface MongoStandIn {
  uri: string;
  /** Every command received, hello and monitoring included, in order. */
  commands: SentCommand[];
  /** Answers a command instead of the default (return undefined to keep the default). */
  answer: (cmd: SentCommand) => Doc | undefined;
  close(): Promise<void>;
}

const HELLO = (): Doc => ({
  ok: 1, helloOk: true, ismaster: true, isWritablePrimary: true, maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000, maxWriteBatchSize: 100_000, localTime: new Date(), logicalSessionTimeoutMinutes: 30,
  connectionId: 1, minWireVersion: 0, maxWireVersion: 21, readOnly: false,
});

function defaultAnswer({ name, body }: SentCommand): Doc {
  const ns = `${String(body.$db)}.${String(body[name])}`;
  const emptyCursor = { cursor: { id: BSON.Long.fromNumber(0), ns, firstBatch: [] }, ok: 1 };
  switch (name) {
    case 'hello': case 'ismaster': case 'isMaster': return HELLO();
    case 'insert': return { ok: 1, n: Array.isArray(body.documents) ? body.documents.length : 1 };
    case 'update': case 'delete': return { ok: 1, n: 0, nModified: 0 };
    case 'find': case 'aggregate': return emptyCursor;
    case 'findAndModify': return { ok: 1, value: null, lastErrorObject: { n: 0, updatedExisting: false } };
    case 'createIndexes': return { ok: 1, numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: true };
    default: return { ok: 1 };
  }
}

export async function startMongoStandIn(): Promise<MongoStandIn> {
  const sockets = new Set<net.Socket>();
  const standIn: MongoStandIn = { uri: '', commands: [], answer: () => undefined, close: async () => undefined };
  const respond = (body: Doc): Doc => {
    const cmd = { name: Object.keys(body)[0]!, body };
    standIn.commands.push(cmd);
    return standIn.answer(cmd) ?? defaultAnswer(cmd);
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
        const message = buffered.subarray(0, buffered.readInt32LE(0));
        buffered = buffered.subarray(message.length);
        socket.write(reply(message, respond));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.uri = `mongodb://127.0.0.1:${(server.address() as net.AddressInfo).port}/standin?directConnection=true`;
  standIn.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standIn;
}

function reply(message: Buffer, respond: (body: Doc) => Doc): Buffer {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_QUERY) {
    const nameEnd = message.indexOf(0, 20);
    const query = BSON.deserialize(message.subarray(nameEnd + 9), { allowObjectSmallerThanBufferSize: true }) as Doc;
    const doc = BSON.serialize(respond(query));
    const head = Buffer.alloc(36);
    head.writeInt32LE(36 + doc.length, 0);
    head.writeInt32LE(requestId, 8);
    head.writeInt32LE(OP_REPLY, 12);
    head.writeInt32LE(1, 32); // numberReturned; flags, cursorID and startingFrom stay 0
    return Buffer.concat([head, doc]);
  }
  if (opCode !== OP_MSG) throw new Error(`the stand-in does not speak opCode ${opCode}`);
  let body: Doc = {};
  for (let at = 20; at < message.length; ) {
    const kind = message[at]!;
    if (kind === 0) {
      const size = message.readInt32LE(at + 1);
      body = { ...BSON.deserialize(message.subarray(at + 1, at + 1 + size)), ...body };
      at += 1 + size;
    } else {
      // A document sequence (kind 1): int32 size, a cstring identifier, then documents.
      const size = message.readInt32LE(at + 1);
      const idEnd = message.indexOf(0, at + 5);
      const id = message.toString('utf8', at + 5, idEnd);
      const docs: Doc[] = [];
      for (let d = idEnd + 1; d < at + 1 + size; d += message.readInt32LE(d)) docs.push(BSON.deserialize(message.subarray(d, d + message.readInt32LE(d))));
      body[id] = docs;
      at += 1 + size;
    }
  }
  const doc = BSON.serialize(respond(body));
  const head = Buffer.alloc(21);
  head.writeInt32LE(21 + doc.length, 0);
  head.writeInt32LE(requestId, 8);
  head.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([head, doc]);
}
