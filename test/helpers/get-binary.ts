import type Koa from 'koa';
import request from 'supertest';

/** GET `path` with a bearer token; the body as bytes whatever its type (an .xlsx, or a JSON error). */
export function getBinary(app: Koa, path: string, token: string) {
  return request(app.callback())
    .get(path)
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}
