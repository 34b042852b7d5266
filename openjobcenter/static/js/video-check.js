// Camera and microphone test before a video appointment: a preview of the camera and a level meter
// for the microphone. Nothing leaves the device. Texts come from the page (translated there).
(function () {
  "use strict";
  var box = document.querySelector("[data-video-check]");
  if (!box) return;
  var noJs = document.querySelector("[data-video-nojs]");
  if (noJs) noJs.hidden = true;
  box.hidden = false;

  var startButton = box.querySelector("[data-video-start]");
  var stopButton = box.querySelector("[data-video-stop]");
  var preview = box.querySelector("[data-video-preview]");
  var levelBox = box.querySelector("[data-video-level-box]");
  var meter = box.querySelector("[data-video-level]");
  var status = box.querySelector("[data-video-status]");
  var messages = box.querySelector("[data-video-messages]");
  var stream = null;
  var audioContext = null;
  var frame = 0;

  function say(key) {
    var source = messages && messages.content.querySelector('[data-key="' + key + '"]');
    status.textContent = source ? source.textContent : key;
    status.dataset.state = key;
  }

  function stop(silent) {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    if (audioContext) audioContext.close();
    audioContext = null;
    preview.srcObject = null;
    preview.hidden = true;
    levelBox.hidden = true;
    meter.value = 0;
    stopButton.hidden = true;
    startButton.hidden = false;
    if (!silent) {
      say("stopped");
      startButton.focus();
    }
  }

  function showLevel(audioStream) {
    var AudioCtx = window.AudioContext || window.webkitAudioContext;
    if (!AudioCtx || !audioStream.getAudioTracks().length) return;
    audioContext = new AudioCtx();
    var analyser = audioContext.createAnalyser();
    analyser.fftSize = 512;
    audioContext.createMediaStreamSource(audioStream).connect(analyser);
    var data = new Uint8Array(analyser.fftSize);
    levelBox.hidden = false;
    (function tick() {
      analyser.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128));
      meter.value = Math.min(100, Math.round((peak / 128) * 200));
      frame = requestAnimationFrame(tick);
    })();
  }

  function started(mediaStream, withCamera) {
    stream = mediaStream;
    if (withCamera) {
      preview.srcObject = mediaStream;
      preview.hidden = false;
    }
    showLevel(mediaStream);
    startButton.hidden = true;
    stopButton.hidden = false;
    stopButton.focus();
    say(withCamera ? "running" : "no-camera");
  }

  function failed(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") say("denied");
    else if (name === "NotFoundError" || name === "OverconstrainedError") say("not-found");
    else if (name === "NotReadableError" || name === "AbortError") say("busy");
    else say("error");
  }

  startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("unsupported");
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "user" }, audio: true })
      .then(function (s) { started(s, true); })
      .catch(function (error) {
        if (error && (error.name === "NotFoundError" || error.name === "OverconstrainedError")) {
          // No camera: the microphone alone is enough to take part.
          return navigator.mediaDevices
            .getUserMedia({ audio: true })
            .then(function (s) { started(s, false); })
            .catch(failed);
        }
        failed(error);
      });
  });
  stopButton.addEventListener("click", function () { stop(false); });
  window.addEventListener("pagehide", function () { stop(true); });
})();
