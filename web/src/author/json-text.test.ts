import { describe, expect, it } from 'vitest';
import { pointerMarkers, readObjectText, readPipelineText } from './json-text.js';

const good = JSON.stringify({ name: 'P', properties: { activities: [] } }, null, 2);

describe('reading the pipeline JSON', () => {
  it('takes a well-formed pipeline', () => {
    expect(readPipelineText(good, 'P')).toEqual({
      value: { name: 'P', properties: { activities: [] } },
      markers: [],
    });
  });

  it('takes a pipeline without name as the one being edited', () => {
    expect(readPipelineText('{"properties": {}}', 'P').value).toEqual({
      name: 'P',
      properties: {},
    });
  });

  it('refuses text that is not JSON, with a marker where it stops', () => {
    const text = '{"name": "P", "properties": {"activities": [}}';
    const read = readPipelineText(text, 'P');
    expect(read.value).toBeUndefined();
    expect(read.markers).toHaveLength(1);
    expect(read.markers[0]).toMatchObject({ severity: 'error', from: text.indexOf('[}') + 1 });
  });

  it('refuses another name, marking it', () => {
    const text = '{"name": "Other", "properties": {}}';
    const read = readPipelineText(text, 'P');
    expect(read.value).toBeUndefined();
    expect(text.slice(read.markers[0]!.from, read.markers[0]!.to)).toBe('"name": "Other"');
    expect(read.markers[0]!.message).toMatch(/must stay "P"/);
  });

  it('refuses a pipeline without properties object, or a non-object', () => {
    expect(readPipelineText('{"name": "P", "properties": []}', 'P').value).toBeUndefined();
    expect(readPipelineText('[1]', 'P').markers[0]?.message).toMatch(/JSON object/);
  });

  it('warns about members that are not saved, and still takes the pipeline', () => {
    const text = '{"name": "P", "etag": "x", "properties": {}}';
    const read = readPipelineText(text, 'P');
    expect(read.value).toEqual({ name: 'P', properties: {} });
    expect(read.markers).toEqual([
      expect.objectContaining({ severity: 'warning', from: text.indexOf('"etag"') }),
    ]);
  });
});

describe('reading an object', () => {
  it('takes an object and refuses anything else', () => {
    expect(readObjectText('{"a": 1}', 'typeProperties').value).toEqual({ a: 1 });
    expect(readObjectText('3', 'typeProperties').markers[0]?.message).toBe(
      'typeProperties must be a JSON object { … }.',
    );
  });
});

describe('pointer markers', () => {
  it('marks each problem at its pointer, or its nearest ancestor', () => {
    const markers = pointerMarkers(good, [
      { pointer: '/properties/activities', severity: 'error', message: 'empty' },
      { pointer: '/properties/parameters/x', severity: 'warning', message: 'absent' },
      { pointer: 'pipelines/Other#/x', severity: 'error', message: 'elsewhere' },
    ]);
    expect(markers.map((marker) => good.slice(marker.from, marker.to))).toEqual([
      '"activities"',
      '"properties"',
    ]);
    expect(markers.map((marker) => marker.severity)).toEqual(['error', 'warning']);
  });
});
