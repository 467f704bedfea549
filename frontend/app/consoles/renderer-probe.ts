/** Which renderer a terminal draws with. */
export type TerminalRenderer = 'webgl' | 'dom';

/**
 * Renderer strings of software rasterizers (Chromium's SwiftShader, Mesa's llvmpipe and
 * softpipe, Windows' "Microsoft Basic Render Driver"): WebGL there is slower than the DOM
 * renderer (~1 MB/s against ~10 MB/s measured in headless Chromium), so they count as "no WebGL".
 */
export const SOFTWARE_RENDERER_PATTERN = /swiftshader|llvmpipe|softpipe|software|basic render/i;

let cached: TerminalRenderer | null = null;

/**
 * Picks the renderer once per page: WebGL only where a WebGL2 context exists and its
 * unmasked renderer string names real hardware; the DOM renderer otherwise (no WebGL2,
 * no `WEBGL_debug_renderer_info`, or a software rasterizer).
 */
export function chooseRenderer(): TerminalRenderer {
  cached ??= probe();
  return cached;
}

function probe(): TerminalRenderer {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    if (!gl) return 'dom';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : undefined;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' && renderer !== '' && !SOFTWARE_RENDERER_PATTERN.test(renderer) ? 'webgl' : 'dom';
  } catch {
    return 'dom';
  }
}
