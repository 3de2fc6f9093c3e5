/**
 * The console's tab icon: the header's "H" mark as SVG, served from our own origin (the page's CSP allows images
 * from 'self' only, so a data: URI would be refused).
 * @module
 */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2563eb"/><path d="M10 8v16M22 8v16M10 16h12" stroke="#fff" stroke-width="3.5" stroke-linecap="round" fill="none"/></svg>`;
