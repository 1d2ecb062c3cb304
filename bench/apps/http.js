// A plain HTTP app on 127.0.0.1:$PORT with no shutdown handling of its own: what a manager's reload
// does to in-flight and keep-alive requests is all the manager's doing.
const http = require('node:http');
http.createServer((req, res) => res.end(`ok ${process.pid}\n`)).listen(Number(process.env.PORT), '127.0.0.1');
