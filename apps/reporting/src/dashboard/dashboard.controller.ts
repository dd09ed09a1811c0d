import { Controller, Get, NotFoundException, Param, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { DashboardAssets, type DashboardAsset } from './dashboard-assets.js';

/**
 * Scripts and styles from this origin only, none inline; API calls to this origin only; no plugins, frames, forms
 * posted anywhere or base rewriting. The page draws on canvases, so it needs no images or fonts.
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The program dashboard: one static page and its files, outside `/v1` (it is not an API) and public, because it holds
 * no data. The page asks for the caller's bearer token and calls the report routes with it from the browser, so the
 * token reaches this service only in the `Authorization` header of those calls. Not in the OpenAPI document.
 */
@ApiExcludeController()
@Controller({ path: 'dashboard', version: VERSION_NEUTRAL })
export class DashboardController {
  private readonly assets = new DashboardAssets();

  @Get()
  page(@Res({ passthrough: true }) response: ServerResponse): string {
    // The page is small and changes with each release: always fetched again, never stored.
    return send(response, this.assets.page(), 'no-store');
  }

  @Get('assets/:asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) response: ServerResponse): string {
    const asset = this.assets.asset(name);
    if (!asset) throw new NotFoundException('The dashboard has no such asset');
    return send(response, asset, 'no-cache');
  }
}

function send(response: ServerResponse, asset: DashboardAsset, cacheControl: string): string {
  response.setHeader('Content-Type', asset.contentType);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Content-Security-Policy', DASHBOARD_CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  return asset.body;
}
