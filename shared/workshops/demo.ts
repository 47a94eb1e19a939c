import { createWorkshop, publishWorkshop } from './workshops';

/** A few demo workshops for a newcomer's first `npm start`. Times are relative to `at`. */
export const seedDemo = async (at: Date): Promise<string[]> => {
  const day = 24 * 3600 * 1000;
  const at18 = (days: number, zone: string, hour: number) => {
    const date = new Date(at.getTime() + days * day);
    date.setUTCHours(hour, 0, 0, 0);
    return { startsAt: date.toISOString(), endsAt: new Date(date.getTime() + 90 * 60 * 1000).toISOString(), timezone: zone };
  };
  const drafts = [
    {
      title: 'Finding your footing: a peer circle for new members',
      description:
        'A gentle, facilitated circle for anyone new to peer support. Share as much or as little as you like; listening is welcome too.',
      ...at18(3, 'America/New_York', 23),
      capacity: 12,
      waitlist: true,
      onlineUrl: 'https://meet.example.org/demo-circle',
      facilitator: 'Sam (peer support specialist)',
    },
    {
      title: 'Wellness planning workshop',
      description: 'Build your own wellness plan with others who have been there: daily routines, early warning signs and what helps.',
      ...at18(7, 'Europe/Berlin', 16),
      capacity: 8,
      waitlist: true,
      location: 'Community Room, 12 Example Street',
      facilitator: 'Alex',
    },
    {
      title: 'Speaking up: sharing your story for advocacy',
      description: 'How to tell your story safely and on your own terms, for campaigns, panels or letters to decision makers.',
      ...at18(10, 'America/Chicago', 0),
      capacity: 2,
      waitlist: false,
      onlineUrl: 'https://meet.example.org/demo-advocacy',
    },
  ];
  const ids: string[] = [];
  for (const draft of drafts) {
    const workshop = await createWorkshop(draft, at);
    await publishWorkshop(workshop.id, at);
    ids.push(workshop.id);
  }
  return ids;
};
