/** Marks around the first draw of a map, for the browser benchmark (performance.measure). */
export const MAP_MARKS = { requested: 'service-map:requested', received: 'service-map:received', drawn: 'service-map:drawn' } as const;
