/**
 * next/link without prefetching every link in view: in the Pages Router that fetches and runs each page's chunk
 * while the landing page is still settling (long tasks on a slow phone). Hover or touch still prefetches the page.
 */
import Link from "next/link";
import type { ComponentProps } from "react";

export function PageLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
