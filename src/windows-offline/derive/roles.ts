/**
 * iis, nps and dsc (collectors/roles.ps1) from their files under %WINDIR%, parsed as the
 * collectors' XmlDocument does (answer-files.ts): only element and attribute names and providers,
 * RADIUS client and group names; never a value or a shared secret.
 */
import type { Facts } from '../../facts/catalog.js';
import { parseXmlDocument, xmlElements, type XmlElement } from './answer-files.js';
import { defineDerivation, type Derived } from './define.js';

const IIS = 'System32\\inetsrv\\config\\applicationHost.config';
const NPS = 'System32\\ias\\ias.xml';

/** Format-PresealConfigPath: configuration/system.applicationHost/applicationPools/add[@name='x']. */
function configPath(el: XmlElement): string {
  const parts: string[] = [];
  for (let n: XmlElement | undefined = el; n; n = n.parent) parts.unshift(n.attrs['name'] ? `${n.name}[@name='${n.attrs['name']}']` : n.name);
  return parts.join('/');
}

export const iisDerivation = defineDerivation<Facts['iis']>({
  group: 'iis',
  reads: { config: { windowsFile: IIS } },
  derive({ config }, ctx): Derived<Facts['iis']> {
    if (config?.kind === 'unreadable') return { error: config.reason };
    if (config?.kind !== 'file') return { notApplicable: 'IIS is not installed (no applicationHost.config)' };
    let elements: XmlElement[];
    try {
      elements = xmlElements(parseXmlDocument(config.data));
    } catch (e) {
      return { error: `${ctx.windowsPath(IIS)}: ${(e as Error).message}` };
    }
    const encryptedAttributes: Facts['iis']['encryptedAttributes'] = [];
    for (const el of elements) {
      for (const [attribute, value] of Object.entries(el.attrs)) {
        const m = /^\[enc:([^:\]]+):/i.exec(value);
        if (m) encryptedAttributes.push({ element: configPath(el), attribute, provider: m[1]! });
      }
    }
    return { facts: { configPath: ctx.windowsPath(IIS), encryptedAttributes } };
  },
});

export const npsDerivation = defineDerivation<Facts['nps']>({
  group: 'nps',
  reads: { config: { windowsFile: NPS } },
  derive({ config }, ctx): Derived<Facts['nps']> {
    if (config?.kind === 'unreadable') return { error: config.reason };
    if (config?.kind !== 'file') return { notApplicable: 'Network Policy Server is not configured (no ias.xml)' };
    let elements: XmlElement[];
    try {
      elements = xmlElements(parseXmlDocument(config.data));
    } catch (e) {
      return { error: `${ctx.windowsPath(NPS)}: ${(e as Error).message}` };
    }
    // //*[local-name()='Clients' or ...]/Children/*: the element names of the named children.
    const names = (containers: string[]) =>
      elements
        .filter((e) => containers.includes(e.name))
        .flatMap((c) => c.children.filter((x): x is XmlElement => x.kind === 'element' && x.name === 'Children'))
        .flatMap((ch) => ch.children.filter((x): x is XmlElement => x.kind === 'element'))
        .map((e) => e.attrs['name'] ?? '')
        .filter((n) => n !== '');
    return {
      facts: {
        configPath: ctx.windowsPath(NPS),
        radiusClients: names(['Clients', 'RadiusClients']),
        remoteServerGroups: names(['Proxy_Server_Groups', 'RadiusServerGroups']),
      },
    };
  },
});

const DSC_DOCS = ['Current.mof', 'Pending.mof', 'Previous.mof'] as const;

/** PowerShell DSC keeps its documents as %WINDIR%\System32\Configuration\{Current,Pending,Previous}.mof. */
export const dscDerivation = defineDerivation<Facts['dsc']>({
  group: 'dsc',
  reads: Object.fromEntries(DSC_DOCS.map((d) => [d, { windowsFile: `System32\\Configuration\\${d}` }])),
  derive(r, ctx): Derived<Facts['dsc']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const documents = DSC_DOCS.filter((d) => r[d]?.kind === 'file')
      .map((d) => ctx.windowsPath(`System32\\Configuration\\${d}`))
      .sort();
    return { facts: { documents } };
  },
});
