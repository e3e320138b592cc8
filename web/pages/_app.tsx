import "../styles/globals.css";
import "../styles/forms.css";
import "../styles/pages.css";
import "../styles/app.css";
import "../styles/history.css";
import "../styles/map.css";
import "../styles/home.css";
import "../styles/unicorn.css";
import type { AppProps } from "next/app";
import { Layout } from "../components/Layout";
import { SessionProvider } from "../lib/session";

export default function WildRydesApp({ Component, pageProps }: AppProps) {
  return (
    <SessionProvider>
      <Layout>
        <Component {...pageProps} />
      </Layout>
    </SessionProvider>
  );
}
