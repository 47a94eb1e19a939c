import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import type { InventoryEntry } from '../../kernel/inventory';
import { renderPage } from '../../ui/page';
import { askFor, backups, capitalised, grouped, hasPersonal, removalWords, seeYourData, selfService, sentence, whoCanSee } from '../../ui/privacy';

/**
 * The privacy page, in plain words, written from the data inventory it is given (the handler
 * passes shared/inventory.ts): for each group a person would recognise, what is kept, why and for
 * how long; then who can see what, the backups, and how to ask for a copy or erasure. The shared
 * sentences come from shared/ui/privacy.ts, which docs/privacy.md says too.
 */

const KeptItem = ({ entry }: { entry: InventoryEntry }) => (
  <>
    <h3>{capitalised(entry.entity)}</h3>
    <p>{sentence(entry.about)}</p>
    <dl class="facts">
      {Object.values(entry.personal).map((field) => (
        <>
          <dt>{capitalised(field.what)}</dt>
          <dd>{sentence(field.why)}</dd>
        </>
      ))}
      <dt>How long it is kept</dt>
      <dd>
        {sentence(entry.kept)} {removalWords[entry.removal]}
      </dd>
    </dl>
  </>
);

/** Entries with nothing personal in them, in one line. */
const AlsoKept = ({ entries }: { entries: InventoryEntry[] }) =>
  entries.length ? <p>Also kept, with nothing personal in it: {entries.map((entry) => entry.entity).join(', ')}.</p> : null;

const WhatWeKeep = ({ entries }: { entries: readonly InventoryEntry[] }) => (
  <>
    {grouped(entries).map(({ group, entries: inGroup }) => (
      <>
        <h2>{group}</h2>
        {inGroup.filter(hasPersonal).map((entry) => (
          <KeptItem entry={entry} />
        ))}
        <AlsoKept entries={inGroup.filter((entry) => !hasPersonal(entry))} />
      </>
    ))}
  </>
);

export const PrivacyStatement = ({ entries }: { entries: readonly InventoryEntry[] }) => (
  <>
    <h1>Privacy</h1>
    <p>
      {config.orgName} uses this website to run its workshops, its mailing list and its mailings. This page says what is
      kept about you, why, for how long, and who can see it. It is written from the list of everything the website
      stores, so it changes when that list does.
    </p>
    <WhatWeKeep entries={entries} />

    <h2>Who can see what</h2>
    <ul>
      {whoCanSee.map((line) => (
        <li>{line}</li>
      ))}
    </ul>

    <h2>Backups</h2>
    <p>{backups}</p>

    <h2>Ask for a copy, or to have it erased</h2>
    <p>
      {seeYourData} <a href="/my-data">See your data</a>
    </p>
    <p>{askFor(config.orgName)}</p>
    <p>{selfService}</p>
  </>
);

export const privacyPage = (entries: readonly InventoryEntry[]): HttpResult =>
  renderPage({ title: 'Privacy', children: <PrivacyStatement entries={entries} /> });
