/**
 * Static buffer groups: the form of a memory model the search and the bounds work on.
 *
 * A group is a tensor plus, under `inplace`, every view output that joins it (transitively through views).
 * Claim (docs/memory-models.md, "Groups"): for any set S of executed nodes, the bytes live after S equal the
 * sum of the bytes of the groups that are allocated (root produced, or a graph input) and still needed (a
 * consumer of a member not in S, or a member that is a graph output) — whatever order reached S. An
 * element-wise in-place write only ever takes over a buffer whose group is dead except for the writer, of the
 * same size, so it changes what is live *during* that node and nothing after it. Weights belong to no group.
 *
 * O(nodes + edges). Invariant: view outputs have their input's size (enforced by `indexGraph`), so a group's
 * bytes are its root's.
 */
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'

export interface Groups {
  readonly count: number
  /** per tensor: its group, -1 for weights */
  readonly groupOf: Int32Array
  readonly bytes: Float64Array
  readonly root: Int32Array
  /** node producing the root; -1 for a graph input's group */
  readonly producer: Int32Array
  readonly holdsIn: Uint8Array
  readonly holdsOut: Uint8Array
  /** distinct consumer nodes of all members: consList[consStart[g] .. consStart[g+1]) */
  readonly consStart: Int32Array
  readonly consList: Int32Array
  /** per node: distinct groups among its inputs */
  readonly inStart: Int32Array
  readonly inList: Int32Array
  /** per node: groups it allocates (roots it produces) */
  readonly newStart: Int32Array
  readonly newList: Int32Array
  /** per node: the group of output 0 when it may be written in place, else -1 */
  readonly reuseGroup: Int32Array
  /** per node: candidate input groups for the in-place write, in the walk's order */
  readonly candStart: Int32Array
  readonly candList: Int32Array
  /** groups of the graph inputs (live at step 0) */
  readonly inputGroups: Int32Array
}

export function buildGroups(ig: IndexedGraph, model: MemoryModel): Groups {
  const inplace = model === 'inplace'
  const groupOf = new Int32Array(ig.nTensors).fill(-1)
  // at most one group per produced tensor and one per graph-input entry
  const roots = new Int32Array(ig.nTensors + ig.inputTensors.length)
  const producers = new Int32Array(roots.length)
  let count = 0
  const newGroup = (t: number, p: number): number => {
    roots[count] = t
    producers[count] = p
    groupOf[t] = count
    return count++
  }
  for (const t of ig.inputTensors) newGroup(t, -1)
  // every list is written straight into its CSR (no per-node arrays: a 200k-node graph builds in tens of ms).
  // Groups are numbered in topological order; `newAt[j]`: the group output j of outList starts, else -1
  const newAt = new Int32Array(ig.outList.length).fill(-1)
  let nNew = 0
  for (let k = 0; k < ig.nNodes; k++) {
    const v = ig.topo[k]
    for (let j = ig.outStart[v]; j < ig.outStart[v + 1]; j++) {
      const o = ig.outList[j]
      if (ig.isWeight[o]) continue
      if (inplace && o === ig.output0[v] && ig.viewInput[v] >= 0) {
        groupOf[o] = groupOf[ig.viewInput[v]] // -1 when it views a weight
        continue
      }
      newAt[j] = newGroup(o, v)
      nNew++
    }
  }
  const newStart = new Int32Array(ig.nNodes + 1)
  const newList = new Int32Array(nNew)
  for (let v = 0, n = 0; v < ig.nNodes; v++) {
    for (let j = ig.outStart[v]; j < ig.outStart[v + 1]; j++) if (newAt[j] >= 0) newList[n++] = newAt[j]
    newStart[v + 1] = n
  }
  const bytes = new Float64Array(count)
  const holdsIn = new Uint8Array(count)
  const holdsOut = new Uint8Array(count)
  for (let g = 0; g < count; g++) bytes[g] = ig.bytes[roots[g]]
  for (const t of ig.inputTensors) holdsIn[groupOf[t]] = 1
  for (let t = 0; t < ig.nTensors; t++) if (ig.isOutput[t] && groupOf[t] >= 0) holdsOut[groupOf[t]] = 1

  // `seen[g] === v + 1`: g already listed for node v (a stamp, so a node reading 10^5 tensors stays linear)
  const seen = new Int32Array(count)
  const inStart = new Int32Array(ig.nNodes + 1)
  const inBuf = new Int32Array(ig.inList.length)
  let ni = 0
  for (let v = 0; v < ig.nNodes; v++) {
    for (let j = ig.inStart[v]; j < ig.inStart[v + 1]; j++) {
      const g = groupOf[ig.inList[j]]
      if (g >= 0 && seen[g] !== v + 1) { seen[g] = v + 1; inBuf[ni++] = g }
    }
    inStart[v + 1] = ni
  }
  const inList = inBuf.slice(0, ni)
  // consumers per group in node order: a counting sort of the input lists
  const consStart = new Int32Array(count + 1)
  for (let j = 0; j < inList.length; j++) consStart[inList[j] + 1]++
  for (let g = 0; g < count; g++) consStart[g + 1] += consStart[g]
  const consList = new Int32Array(ni)
  const fill = consStart.slice(0, count)
  for (let v = 0; v < ig.nNodes; v++) for (let j = inStart[v]; j < inStart[v + 1]; j++) consList[fill[inList[j]]++] = v
  const reuseGroup = new Int32Array(ig.nNodes).fill(-1)
  const candStart = new Int32Array(ig.nNodes + 1)
  const candBuf = new Int32Array(ig.reuseList.length)
  let nc = 0
  for (let v = 0; v < ig.nNodes; v++) {
    const first = nc
    if (inplace && ig.reuseOutput[v] >= 0) {
      for (let r = ig.reuseStart[v]; r < ig.reuseStart[v + 1]; r++) {
        const g = groupOf[ig.reuseList[r]]
        if (g >= 0 && seen[g] !== -(v + 1)) { seen[g] = -(v + 1); candBuf[nc++] = g }
      }
      if (nc > first) reuseGroup[v] = groupOf[ig.reuseOutput[v]]
    }
    candStart[v + 1] = nc
  }
  const candList = candBuf.slice(0, nc)
  return {
    count, groupOf, bytes, root: roots.slice(0, count), producer: producers.slice(0, count), holdsIn, holdsOut,
    consStart, consList, inStart, inList, newStart, newList, reuseGroup, candStart, candList,
    inputGroups: Int32Array.from(ig.inputTensors, (t) => groupOf[t]),
  }
}
