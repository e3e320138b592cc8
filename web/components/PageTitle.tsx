import Head from "next/head";

/** Sets the document title as "<page> · Wild Rydes". */
export function PageTitle({ children }: { children: string }) {
  return (
    <Head>
      <title>{`${children} · Wild Rydes`}</title>
    </Head>
  );
}
