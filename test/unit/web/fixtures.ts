import type { PublicWorkshop, Registration, Workshop } from '../../../shared/registration/model';

export const hostileTitle = `Grief circle <script>alert(1)</script> "quoted" & more`;

export const workshop = (overrides: Partial<Workshop> = {}): Workshop => ({
  id: 'wk_123',
  title: 'Grief circle',
  description: 'A gentle evening.\nBring yourself.',
  startsAt: '2026-12-01T18:00:00-05:00',
  endsAt: '2026-12-01T19:30:00-05:00',
  timezone: 'America/New_York',
  capacity: 10,
  waitlist: true,
  location: '12 Elm Street, Room 3',
  onlineUrl: 'https://meet.example.org/room-secret-42',
  facilitator: 'Sam',
  status: 'published',
  confirmedCount: 4,
  waitlistCount: 0,
  sequence: 0,
  reminderOffsetsMinutes: [1440, 60],
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  ...overrides,
});

export const registration = (overrides: Partial<Registration> = {}): Registration => ({
  id: 'rg_456',
  workshopId: 'wk_123',
  email: 'person@example.org',
  displayName: 'Kim',
  status: 'confirmed',
  createdAt: '2026-11-02T10:00:00Z',
  confirmedAt: '2026-11-02T10:00:00Z',
  ...overrides,
});

export const publicWorkshop = (overrides: Partial<PublicWorkshop> = {}): PublicWorkshop => ({
  id: 'wk_123',
  title: 'Grief circle',
  description: 'A gentle evening.',
  startsAt: '2026-12-01T18:00:00-05:00',
  endsAt: '2026-12-01T19:30:00-05:00',
  timezone: 'America/New_York',
  facilitator: 'Sam',
  format: 'online',
  seatsLeft: 6,
  waitlistOpen: true,
  full: false,
  cancelled: false,
  ...overrides,
});
