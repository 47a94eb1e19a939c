import type { NamedRoutes } from './http/route-key';

/**
 * Every HTTP route key, written once: by function (the catalog's entry of the same name, in
 * camelCase), then by the name its handler answers. The catalog triggers each function on its
 * routes (`http(routes.register)`) and the handler answers the same names
 * (`httpHandler(routes.register, { api: …, form: … })`), so a key cannot be served by one and
 * forgotten by the other: httpHandler refuses to start without a route for every name.
 */
export const routes = {
  // ---- public
  publicApi: {
    workshops: 'GET /api/workshops',
    workshop: 'GET /api/workshops/{id}',
    openApi: 'GET /api/openapi.json',
  },
  publicPages: {
    home: 'GET /',
    workshop: 'GET /workshops/{id}',
    cancel: 'GET /registrations/cancel',
    calendar: 'GET /registrations/calendar',
    accessibility: 'GET /about/accessibility',
    privacy: 'GET /privacy',
  },
  register: {
    api: 'POST /api/workshops/{id}/registrations',
    form: 'POST /workshops/{id}/register',
  },
  cancelRegistration: { cancel: 'POST /registrations/cancel' },
  surveyPages: {
    show: 'GET /survey',
    answer: 'POST /survey',
  },
  subscribe: {
    form: 'GET /subscribe',
    submit: 'POST /subscribe',
    api: 'POST /api/subscribers',
    topics: 'GET /api/topics',
    confirmPage: 'GET /subscribe/confirm',
    confirm: 'POST /subscribe/confirm',
  },
  preferences: {
    show: 'GET /preferences',
    save: 'POST /preferences',
  },
  unsubscribe: {
    show: 'GET /unsubscribe',
    confirm: 'POST /unsubscribe',
  },
  myData: {
    form: 'GET /my-data',
    request: 'POST /my-data',
    api: 'POST /api/my-data',
    confirmPage: 'GET /my-data/open',
    open: 'POST /my-data/open',
    /** The data page's "Erase everything": the confirmation step (uses nothing). */
    erase: 'POST /my-data/erase',
    /** The confirmation pressed: uses the erasure token and erases. */
    eraseConfirm: 'POST /my-data/erase/confirm',
  },
  // ---- organizer JSON API
  organizerApi: {
    list: 'GET /api/organizer/workshops',
    create: 'POST /api/organizer/workshops',
    update: 'PATCH /api/organizer/workshops/{id}',
    publish: 'POST /api/organizer/workshops/{id}/publish',
    cancel: 'POST /api/organizer/workshops/{id}/cancel',
    registrations: 'GET /api/organizer/workshops/{id}/registrations',
    organizers: 'PUT /api/organizer/workshops/{id}/organizers',
    survey: 'GET /api/organizer/workshops/{id}/survey',
    setSurvey: 'PUT /api/organizer/workshops/{id}/survey',
  },
  organizerGroups: {
    list: 'GET /api/organizer/groups',
    create: 'POST /api/organizer/groups',
    get: 'GET /api/organizer/groups/{id}',
  },
  campaignsApi: {
    createTopic: 'POST /api/organizer/topics',
    list: 'GET /api/organizer/campaigns',
    create: 'POST /api/organizer/campaigns',
    get: 'GET /api/organizer/campaigns/{id}',
    update: 'PATCH /api/organizer/campaigns/{id}',
    test: 'POST /api/organizer/campaigns/{id}/test',
    send: 'POST /api/organizer/campaigns/{id}/send',
    cancel: 'POST /api/organizer/campaigns/{id}/cancel',
    resume: 'POST /api/organizer/campaigns/{id}/resume',
    recipients: 'GET /api/organizer/campaigns/{id}/recipients',
  },
  // ---- organizer console
  consoleAuth: {
    signInPage: 'GET /console/sign-in',
    signIn: 'POST /console/sign-in',
    confirmPage: 'GET /console/sign-in/confirm',
    confirm: 'POST /console/sign-in/confirm',
    signOut: 'POST /console/sign-out',
  },
  consolePages: { dashboard: 'GET /console' },
  consoleWorkshops: {
    newForm: 'GET /console/workshops/new',
    create: 'POST /console/workshops',
    show: 'GET /console/workshops/{id}',
    editForm: 'GET /console/workshops/{id}/edit',
    update: 'POST /console/workshops/{id}',
    publish: 'POST /console/workshops/{id}/publish',
    cancel: 'POST /console/workshops/{id}/cancel',
    addOrganizer: 'POST /console/workshops/{id}/organizers',
    removeOrganizer: 'POST /console/workshops/{id}/organizers/remove',
  },
  consoleRoster: {
    roster: 'GET /console/workshops/{id}/roster',
    rosterCsv: 'GET /console/workshops/{id}/roster.csv',
    checkIn: 'POST /console/workshops/{id}/registrations/{registrationId}/check-in',
    remove: 'POST /console/workshops/{id}/registrations/{registrationId}/remove',
    messageForm: 'GET /console/workshops/{id}/message',
    message: 'POST /console/workshops/{id}/message',
  },
  consoleSurveys: {
    results: 'GET /console/workshops/{id}/survey',
    resultsCsv: 'GET /console/workshops/{id}/survey.csv',
    editForm: 'GET /console/workshops/{id}/survey/edit',
    save: 'POST /console/workshops/{id}/survey',
  },
  consoleAdmin: {
    organizers: 'GET /console/organizers',
    invite: 'POST /console/organizers',
    changeRole: 'POST /console/organizers/{id}/role',
    removeOrganizer: 'POST /console/organizers/{id}/remove',
    apiKeys: 'GET /console/api-keys',
    createApiKey: 'POST /console/api-keys',
    revokeApiKey: 'POST /console/api-keys/{id}/revoke',
    audit: 'GET /console/audit',
  },
  consolePeople: {
    page: 'GET /console/people',
    export: 'POST /console/people/export',
    /** Without `confirm=yes`: the confirmation page. With it: the erasure. */
    erase: 'POST /console/people/erase',
  },
  consoleSubscribers: {
    subscribers: 'GET /console/subscribers',
    subscribersCsv: 'GET /console/subscribers.csv',
    topics: 'GET /console/topics',
    createTopic: 'POST /console/topics',
  },
  consoleCampaigns: {
    list: 'GET /console/campaigns',
    newForm: 'GET /console/campaigns/new',
    create: 'POST /console/campaigns',
    show: 'GET /console/campaigns/{id}',
    update: 'POST /console/campaigns/{id}',
    test: 'POST /console/campaigns/{id}/test',
    send: 'POST /console/campaigns/{id}/send',
    cancel: 'POST /console/campaigns/{id}/cancel',
    resume: 'POST /console/campaigns/{id}/resume',
    progress: 'GET /console/campaigns/{id}/progress',
  },
} as const satisfies Record<string, NamedRoutes>;
