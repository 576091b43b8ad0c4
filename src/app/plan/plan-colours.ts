/** One colour per device position (the graph, the charts and the Gantt use the same). */
const COLOURS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777']

export function deviceColour(j: number): string {
  return COLOURS[j % COLOURS.length]
}

/** the colour of a node split across several devices */
export const SPLIT_COLOUR = '#64748b'
