import type OpenAI from 'openai';
import { toFile } from 'openai';
import { AppError } from '../../domain/errors.js';
import type { Transcriber } from '../../pipeline/ports/drafting.js';
import { toAppError } from './openai-drafter.js';

/** The transcription endpoint judges the format by the file name. */
const fileNames: Record<string, string> = {
  'audio/ogg': 'voice.ogg',
  'audio/mpeg': 'audio.mp3',
  'audio/mp4': 'audio.m4a',
  'audio/wav': 'audio.wav',
  'audio/x-wav': 'audio.wav',
  'audio/webm': 'audio.webm',
  'video/mp4': 'video.mp4',
  'video/webm': 'video.webm',
};

export const transcriptionUploadLimitBytes = 25 * 1024 * 1024;

export function createOpenAITranscriber(deps: { client: OpenAI; model: string }): Transcriber {
  return {
    model: deps.model,
    async transcribe(audio, mime) {
      const fileName = fileNames[mime];
      if (!fileName) throw new AppError('UNSUPPORTED', `the transcription endpoint does not take ${mime}`);
      if (audio.byteLength > transcriptionUploadLimitBytes) {
        throw new AppError('TOO_LARGE', 'audio over the 25 MB transcription limit', { limitMb: 25 });
      }
      try {
        const result = await deps.client.audio.transcriptions.create({
          file: await toFile(audio, fileName),
          model: deps.model,
          language: 'id',
        });
        return result.text.trim();
      } catch (error) {
        throw toAppError(error, 'transcription');
      }
    },
  };
}
