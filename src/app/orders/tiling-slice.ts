/**
 * The tiling offer's one piece of shared state: the region the graph view shades (node name → colour), set
 * by the offer when a tiling is found, cleared when it is dismissed or the model changes. Not persisted.
 */
export interface TilingState {
  /** node name → fill colour of the tiled region's nodes; null when nothing is shaded */
  tilingShade: Record<string, string> | null
}

export const initialTilingState: TilingState = { tilingShade: null }

export const REGION_COLOR = '#bbf7d0'

export const selectTilingShade = (s: TilingState) => s.tilingShade
