import { Controller, Get, Header } from '@nestjs/common';
import { openApiDocument } from './openapi.document.js';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Gong connector agent API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}li{margin:.3rem 0}</style></head>
<body><h1>Gong connector agent API</h1>
<p>Every answer is filtered to what the asking Gong user may see. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. The OpenAPI document: <a href="/docs/openapi.json">/docs/openapi.json</a>.</p>
<ul id="paths"></ul>
<script>fetch('/docs/openapi.json').then(r=>r.json()).then(d=>{const ul=document.getElementById('paths');for(const [p,ops] of Object.entries(d.paths))for(const [m,op] of Object.entries(ops)){const li=document.createElement('li');li.innerHTML='<code>'+m.toUpperCase()+' '+p+'</code> — '+op.summary+(op.parameters?'<br><small>'+op.parameters.map(x=>x.name).join(', ')+'</small>':'');ul.appendChild(li)}})</script>
</body></html>`;

/** `/docs` (a readable page) and `/docs/openapi.json`. No token needed. */
@Controller('docs')
export class DocsController {
  private readonly document = openApiDocument();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
