/**
 * The sample menu: the reference models copied into public/models (samples.test.ts checks this list against
 * the folder). `DEFAULT_SAMPLE` is what a first visit opens: a model where the execution order visibly changes
 * the peak (regnet_y_400mf: 5.42 MB in file order and up to 6.42 MB in other orders under `simple`, per issue 2).
 */

export interface Sample {
  /** file name without `.onnx` under public/models */
  name: string
  label: string
}

export const SAMPLES: readonly Sample[] = [
  { name: 'regnet_y_400mf', label: 'RegNetY-400MF (vision)' },
  { name: 'resnet50', label: 'ResNet-50 (vision)' },
  { name: 'mobilenet_v3_large', label: 'MobileNetV3-Large (vision)' },
  { name: 'squeezenet1_1', label: 'SqueezeNet 1.1 (vision)' },
  { name: 'squeezenet1_1.full', label: 'SqueezeNet 1.1, weights inline (4.96 MB file)' },
  { name: 'googlenet', label: 'GoogLeNet (vision)' },
  { name: 'inception_v3', label: 'Inception v3 (vision)' },
  { name: 'vgg13', label: 'VGG-13 (vision)' },
  { name: 'bert_base', label: 'BERT-base (transformer, seq)' },
  { name: 'gpt2', label: 'GPT-2 small (transformer, seq)' },
  { name: 'qwen2_0_5b', label: 'Qwen2-0.5B (transformer, seq)' },
]

export const DEFAULT_SAMPLE = 'regnet_y_400mf'

export function sampleUrl(name: string): string {
  return `${import.meta.env.BASE_URL}models/${name}.onnx`
}

export function sampleByName(name: string): Sample | undefined {
  return SAMPLES.find((s) => s.name === name)
}
