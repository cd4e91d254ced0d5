import { JourneyPage } from "../journey/JourneyPage.js";
import { PortalPage } from "../portal/PortalPage.js";

const DevicePortalPage = () => <PortalPage product="device" />;
const VppPortalPage = () => <PortalPage product="vpp" />;

const PAGES = [
  { path: "/", label: "Journey", title: "Onboarding journeys", Page: JourneyPage },
  { path: "/portal", label: "Embedded portal", title: "Embedded portal", Page: PortalPage },
  { path: "/portal/device", label: "Portal: connect a device", title: "Embedded portal: connect a device", Page: DevicePortalPage },
  { path: "/portal/vpp", label: "Portal: VPP programme", title: "Embedded portal: join a VPP programme", Page: VppPortalPage },
] as const;

/**
 * The demo host's shell. Plain pages rather than a client router: each page load starts
 * from a clean slate, which is what a host embedding Onflex sees too.
 */
export function App({ path }: { path: string }) {
  const current = PAGES.find((page) => page.path === path.replace(/\/+$/, "") || (page.path === "/" && path === "/")) ?? PAGES[0];
  const { Page } = current;
  return (
    <div className="demo">
      <header className="demo-header">
        <p className="demo-brand">
          Voltra Home <span className="demo-tag">Onflex demo host · sandbox data</span>
        </p>
        <nav aria-label="Demo pages">
          <ul>
            {PAGES.map((page) => (
              <li key={page.path}>
                <a href={page.path} aria-current={page === current ? "page" : undefined}>
                  {page.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="demo-main">
        <h1>{current.title}</h1>
        <Page />
      </main>
    </div>
  );
}
